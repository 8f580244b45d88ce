import { OpsFlowError } from '../errors';
import { viewOf } from './bytes';
import { appendCrc16Modbus, hasValidCrc16Modbus } from './crc16-modbus';

/**
 * Modbus RTU frames: address, function, data, CRC-16/MODBUS (low byte first). Only what the
 * temperature probes need: read holding (0x03) and input (0x04) registers, write one register (0x06).
 */

export type ModbusReadFunction = 0x03 | 0x04;
export const WRITE_SINGLE_REGISTER = 0x06;

export interface ModbusReadRequest {
  address: number;
  functionCode: ModbusReadFunction;
  startRegister: number;
  count: number;
}

export interface ModbusWriteRequest {
  address: number;
  register: number;
  value: number;
}

export type ModbusRequest = ({ kind: 'read' } & ModbusReadRequest) | ({ kind: 'write' } & ModbusWriteRequest);

export type ModbusResponse =
  | { kind: 'registers'; address: number; functionCode: ModbusReadFunction; startRegister: number; values: number[] }
  | { kind: 'written'; address: number; register: number; value: number };

const EXCEPTION_FRAME_LENGTH = 5;
const MAX_READ_COUNT = 125; // Modbus limit: 250 data bytes

function badRequest(message: string, details: Record<string, unknown>): OpsFlowError {
  return new OpsFlowError('BAD_INPUT', message, details);
}

/** Refuses what cannot be a probe's address; `field` names it in the error's details. */
export function checkModbusAddress(address: number, field = 'address'): void {
  // 0 is broadcast (nobody answers); 248..255 are reserved.
  if (!Number.isInteger(address) || address < 1 || address > 247) {
    throw badRequest('A Modbus probe address is a whole number from 1 to 247.', { [field]: address });
  }
}

const notOurRequest = (details: Record<string, unknown>) => badRequest('That is not a Modbus request OpsFlow can send.', details);

function checkU16(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xffff) {
    throw badRequest(`The Modbus ${name} must be a whole number from 0 to 65535.`, { [name]: value });
  }
}

export function encodeModbusReadRequest(req: ModbusReadRequest): Uint8Array {
  checkModbusAddress(req.address);
  checkU16('register', req.startRegister);
  if (!Number.isInteger(req.count) || req.count < 1 || req.count > MAX_READ_COUNT || req.startRegister + req.count > 0x10000) {
    throw badRequest('A Modbus read asks for 1 to 125 registers.', { count: req.count });
  }
  const frame = new Uint8Array(6);
  const view = viewOf(frame);
  frame[0] = req.address;
  frame[1] = req.functionCode;
  view.setUint16(2, req.startRegister);
  view.setUint16(4, req.count);
  return appendCrc16Modbus(frame);
}

export function encodeModbusWriteRequest(req: ModbusWriteRequest): Uint8Array {
  checkModbusAddress(req.address);
  checkU16('register', req.register);
  checkU16('value', req.value);
  const frame = new Uint8Array(6);
  const view = viewOf(frame);
  frame[0] = req.address;
  frame[1] = WRITE_SINGLE_REGISTER;
  view.setUint16(2, req.register);
  view.setUint16(4, req.value);
  return appendCrc16Modbus(frame);
}

/** Parses one of our own requests back (the decoder needs to know what was asked). */
export function decodeModbusRequest(frame: Uint8Array): ModbusRequest {
  if (frame.length !== 8 || !hasValidCrc16Modbus(frame)) {
    throw notOurRequest({ length: frame.length });
  }
  const view = viewOf(frame);
  const address = view.getUint8(0);
  const functionCode = view.getUint8(1);
  if (functionCode === 0x03 || functionCode === 0x04) {
    return { kind: 'read', address, functionCode, startRegister: view.getUint16(2), count: view.getUint16(4) };
  }
  if (functionCode === WRITE_SINGLE_REGISTER) {
    return { kind: 'write', address, register: view.getUint16(2), value: view.getUint16(4) };
  }
  throw notOurRequest({ functionCode });
}

/**
 * How many bytes the answer to `request` has, so a driver knows when a frame is complete.
 * Pass what has arrived so far: once two bytes are in, an exception answer (5 bytes) is recognised.
 */
export function expectedModbusResponseLength(request: Uint8Array, received?: Uint8Array): number {
  const req = decodeModbusRequest(request);
  const fn = req.kind === 'read' ? req.functionCode : WRITE_SINGLE_REGISTER;
  if (received && received.length >= 2 && received[1] === (fn | 0x80)) return EXCEPTION_FRAME_LENGTH;
  return req.kind === 'read' ? 5 + 2 * req.count : 8;
}

/**
 * Validates and decodes a probe's answer. A frame whose CRC does not match is rejected, never
 * decoded: some probe manuals even print example frames with wrong CRCs.
 */
export function decodeModbusResponse(request: Uint8Array, response: Uint8Array): ModbusResponse {
  const req = decodeModbusRequest(request);
  const expected = expectedModbusResponseLength(request, response);
  const fn = req.kind === 'read' ? req.functionCode : WRITE_SINGLE_REGISTER;
  const details = { address: req.address, expected, length: response.length };

  if (response.length < expected) {
    throw new OpsFlowError('FRAME_TRUNCATED', "The probe's answer was cut short; OpsFlow will ask again.", details);
  }
  if (response.length > expected) {
    throw new OpsFlowError('FRAME_INVALID', "The probe's answer was longer than expected; OpsFlow will ask again.", details);
  }
  if (!hasValidCrc16Modbus(response)) {
    throw new OpsFlowError('CRC_MISMATCH', "The probe's answer was damaged in transit; OpsFlow will ask again.", details);
  }
  const view = viewOf(response);
  if (view.getUint8(0) !== req.address) {
    throw new OpsFlowError(
      'FRAME_INVALID',
      `A probe other than the one at address ${req.address} answered; check that no two probes on the cable share an address.`,
      { ...details, answeredBy: view.getUint8(0) },
    );
  }
  if (view.getUint8(1) === (fn | 0x80)) throw exceptionError(req.address, view.getUint8(2));
  if (view.getUint8(1) !== fn) {
    throw new OpsFlowError('FRAME_INVALID', "The probe answered a different question; OpsFlow will ask again.", {
      ...details,
      functionCode: view.getUint8(1),
    });
  }

  if (req.kind === 'write') {
    if (view.getUint16(2) !== req.register || view.getUint16(4) !== req.value) {
      throw new OpsFlowError('FRAME_INVALID', 'The probe did not confirm the change; OpsFlow will try again.', details);
    }
    return { kind: 'written', address: req.address, register: req.register, value: req.value };
  }

  if (view.getUint8(2) !== 2 * req.count) {
    throw new OpsFlowError('FRAME_INVALID', "The probe's answer does not match the question; OpsFlow will ask again.", {
      ...details,
      byteCount: view.getUint8(2),
    });
  }
  const values: number[] = [];
  for (let i = 0; i < req.count; i++) values.push(view.getUint16(3 + 2 * i));
  return { kind: 'registers', address: req.address, functionCode: req.functionCode, startRegister: req.startRegister, values };
}

function exceptionError(address: number, exceptionCode: number): OpsFlowError {
  const details = { address, exceptionCode };
  // 1 = illegal function, 2 = illegal data address: this probe does not have that register map.
  if (exceptionCode === 1 || exceptionCode === 2) {
    return new OpsFlowError(
      'DEVICE_UNSUPPORTED',
      `The probe at address ${address} does not understand OpsFlow's question (Modbus exception ${exceptionCode}); check the probe model chosen for it.`,
      details,
    );
  }
  return new OpsFlowError(
    'FRAME_INVALID',
    `The probe at address ${address} refused the request (Modbus exception ${exceptionCode}); OpsFlow will ask again.`,
    details,
  );
}
