import { OpsFlowError } from '../errors';
import {
  checkModbusAddress,
  decodeModbusRequest,
  decodeModbusResponse,
  encodeModbusReadRequest,
  encodeModbusWriteRequest,
  type ModbusReadFunction,
} from './modbus';
import type { DecodedReading } from './types';

/** Register maps of the RS-485 temperature/humidity probes. Values are x10; temperature is int16. */

export type ModbusProbeMap = 'xy-md02' | 'md02';

export interface ModbusRegisterMap {
  readFunction: ModbusReadFunction;
  tempRegister: number;
  rhRegister: number;
  addressRegister: number;
  baudRegister: number;
}

export const MODBUS_REGISTER_MAPS: Readonly<Record<ModbusProbeMap, ModbusRegisterMap>> = {
  // XY-MD02 ("SHT20" module): input registers 1 = temperature, 2 = humidity.
  'xy-md02': { readFunction: 0x04, tempRegister: 0x0001, rhRegister: 0x0002, addressRegister: 0x0101, baudRegister: 0x0102 },
  // MD02 clones: holding registers 0 = humidity, 1 = temperature.
  md02: { readFunction: 0x03, tempRegister: 0x0001, rhRegister: 0x0000, addressRegister: 0x0100, baudRegister: 0x0101 },
};

/** One request that reads temperature and (unless asked not to) humidity. */
export function encodeProbeReadRequest(map: ModbusProbeMap, address: number, withHumidity = true): Uint8Array {
  const m = MODBUS_REGISTER_MAPS[map];
  const registers = withHumidity ? [m.tempRegister, m.rhRegister] : [m.tempRegister];
  const start = Math.min(...registers);
  return encodeModbusReadRequest({
    address,
    functionCode: m.readFunction,
    startRegister: start,
    count: Math.max(...registers) - start + 1,
  });
}

/** What one answer holds: the registers the request asked for, each null when it was not asked. */
export interface ProbeRegisters {
  /** Hundredths of a degree Celsius. */
  tempCentiC: number | null;
  /** Hundredths of a percent relative humidity. */
  rhCentiPct: number | null;
}

/**
 * Decodes the answer to a read request. The request says which registers came back: a poll of the
 * humidity register alone yields humidity alone, a temperature-only poll no humidity. A request
 * that reads neither is not a reading of this probe.
 */
export function decodeProbeRegisters(map: ModbusProbeMap, request: Uint8Array, response: Uint8Array): ProbeRegisters {
  const m = MODBUS_REGISTER_MAPS[map];
  const req = decodeModbusRequest(request);
  const notThisProbe = () => new OpsFlowError('BAD_INPUT', `That request does not read a ${map} probe.`, { map });
  if (req.kind !== 'read' || req.functionCode !== m.readFunction) throw notThisProbe();
  const inRequest = (register: number) => register >= req.startRegister && register < req.startRegister + req.count;
  if (!inRequest(m.tempRegister) && !inRequest(m.rhRegister)) {
    throw new OpsFlowError('BAD_INPUT', `That request reads neither the temperature nor the humidity register of a ${map} probe.`, { map });
  }
  const answer = decodeModbusResponse(request, response);
  if (answer.kind !== 'registers') throw notThisProbe();

  const valueOf = (register: number): number | null => answer.values[register - answer.startRegister] ?? null;
  const rawTemp = valueOf(m.tempRegister);
  const rawRh = valueOf(m.rhRegister);
  // Freezer probes read below zero: the register is two's complement (0xFF33 = -20.5 C).
  const tempTenths = rawTemp === null ? null : rawTemp >= 0x8000 ? rawTemp - 0x10000 : rawTemp;
  return { tempCentiC: tempTenths === null ? null : tempTenths * 10, rhCentiPct: rawRh === null ? null : rawRh * 10 };
}

/** A live reading from a poll that includes the temperature register (the driver's always does). */
export function decodeProbeReading(map: ModbusProbeMap, request: Uint8Array, response: Uint8Array): DecodedReading {
  const { tempCentiC, rhCentiPct } = decodeProbeRegisters(map, request, response);
  if (tempCentiC === null) {
    throw new OpsFlowError('BAD_INPUT', `That request does not include the temperature register of a ${map} probe.`, { map });
  }
  return { channel: null, tempCentiC, rhCentiPct };
}

/** Moves a probe to a new address (it answers the confirmation from the old one). */
export function encodeProbeAddressChange(map: ModbusProbeMap, currentAddress: number, newAddress: number): Uint8Array {
  checkModbusAddress(newAddress, 'newAddress');
  return encodeModbusWriteRequest({ address: currentAddress, register: MODBUS_REGISTER_MAPS[map].addressRegister, value: newAddress });
}
