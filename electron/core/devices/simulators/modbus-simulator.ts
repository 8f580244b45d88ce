import { viewOf } from '../../../../domain/devices/bytes';
import { appendCrc16Modbus, hasValidCrc16Modbus } from '../../../../domain/devices/crc16-modbus';
import { MODBUS_REGISTER_MAPS, type ModbusProbeMap } from '../../../../domain/devices/modbus-probe';
import { WRITE_SINGLE_REGISTER } from '../../../../domain/devices/modbus';
import type { Parity } from '../transport';
import { SimulatedSerialDevice, type LineView } from './simulated-serial-device';
import { temperatureOf, type SimulatedTemperature, type TemperatureSpec } from './temperature-model';

/**
 * An RS-485 adapter with XY-MD02 / MD02 probes on its bus, at 9600 baud. Each probe answers only
 * its own address and only at its own parity: a frame at the wrong parity is a framing error to
 * it, and a Modbus slave ignores damaged frames, so the master hears silence. A frame whose CRC
 * does not match is ignored for the same reason.
 */

export interface SimulatedProbeOptions {
  address: number;
  map?: ModbusProbeMap;
  parity?: Parity;
  /** Hundredths of a degree, or a drifting temperature. Default 21.00 C. */
  temperature?: number | TemperatureSpec | SimulatedTemperature;
  rhCentiPct?: number;
}

export interface SimulatedProbe {
  address: number;
  readonly map: ModbusProbeMap;
  readonly parity: Parity;
  readonly temperature: SimulatedTemperature;
  rhCentiPct: number;
}

export interface ModbusBusSimulatorOptions {
  probes: SimulatedProbeOptions[];
  /** The adapter's USB ids: a CH340 by default. */
  vendorId?: number;
  productId?: number;
  serialNumber?: string | null;
  path?: string;
}

const ILLEGAL_FUNCTION = 1;
const ILLEGAL_DATA_ADDRESS = 2;
const BAUD_CODE_9600 = 2;

/** For fault rules aimed at one probe: `{ fault: 'corrupt', when: toAddress(3) }`. */
export const toAddress =
  (address: number) =>
  (request: Uint8Array): boolean =>
    request[0] === address;

export class ModbusBusSimulator extends SimulatedSerialDevice {
  readonly probes: SimulatedProbe[];

  constructor(options: ModbusBusSimulatorOptions) {
    super({
      vendorId: options.vendorId ?? 0x1a86,
      productId: options.productId ?? 0x7523,
      serialNumber: options.serialNumber ?? null,
      path: options.path,
    });
    this.probes = options.probes.map((p) => ({
      address: p.address,
      map: p.map ?? 'xy-md02',
      parity: p.parity ?? 'none',
      temperature: temperatureOf(p.temperature ?? 2100),
      rhCentiPct: p.rhCentiPct ?? 5000,
    }));
  }

  probeAt(address: number): SimulatedProbe | undefined {
    return this.probes.find((p) => p.address === address);
  }

  protected answer(request: Uint8Array, line: LineView): Uint8Array | null {
    if (line.baudRate !== 9600 || request.length !== 8 || !hasValidCrc16Modbus(request)) return null;
    const view = viewOf(request);
    const address = view.getUint8(0);
    const fn = view.getUint8(1);
    const probe = this.probes.find((p) => p.address === address && p.parity === line.parity);
    if (!probe) return null;
    const map = MODBUS_REGISTER_MAPS[probe.map];

    if (fn === map.readFunction) {
      const start = view.getUint16(2);
      const count = view.getUint16(4);
      const values: number[] = [];
      for (let reg = start; reg < start + count; reg++) {
        const value = this.register(probe, reg);
        if (value === null) return exception(address, fn, ILLEGAL_DATA_ADDRESS);
        values.push(value);
      }
      const frame = new Uint8Array(3 + 2 * count);
      frame.set([address, fn, 2 * count]);
      values.forEach((v, i) => viewOf(frame).setUint16(3 + 2 * i, v));
      return appendCrc16Modbus(frame);
    }

    if (fn === WRITE_SINGLE_REGISTER) {
      const register = view.getUint16(2);
      const value = view.getUint16(4);
      if (register === map.addressRegister) {
        if (value < 1 || value > 247) return exception(address, fn, 3);
        // The confirmation comes from the old address; the probe listens at the new one afterwards.
        probe.address = value;
      } else if (register !== map.baudRegister) {
        return exception(address, fn, ILLEGAL_DATA_ADDRESS);
      }
      return request.slice();
    }
    return exception(address, fn, ILLEGAL_FUNCTION);
  }

  private register(probe: SimulatedProbe, register: number): number | null {
    const map = MODBUS_REGISTER_MAPS[probe.map];
    // Tenths, two's complement: a freezer at -20.5 C reads 0xFF33.
    if (register === map.tempRegister) return Math.round(probe.temperature.currentCentiC() / 10) & 0xffff;
    if (register === map.rhRegister) return Math.round(probe.rhCentiPct / 10);
    if (register === map.addressRegister) return probe.address;
    if (register === map.baudRegister) return BAUD_CODE_9600;
    return null;
  }
}

function exception(address: number, fn: number, code: number): Uint8Array {
  return appendCrc16Modbus(Uint8Array.of(address, fn | 0x80, code));
}
