/**
 * CRC-16/MODBUS: reflected polynomial 0xA001, initial value 0xFFFF, no final XOR.
 * Check value for ASCII "123456789" is 0x4B37. On the wire it is sent low byte first.
 */
export function computeCrc16Modbus(bytes: Uint8Array): number {
  let crc = 0xffff;
  for (const b of bytes) {
    crc ^= b;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xa001 : crc >>> 1;
  }
  return crc;
}

/** The frame followed by its CRC, low byte first. */
export function appendCrc16Modbus(frame: Uint8Array): Uint8Array {
  const crc = computeCrc16Modbus(frame);
  const out = new Uint8Array(frame.length + 2);
  out.set(frame);
  out[frame.length] = crc & 0xff;
  out[frame.length + 1] = crc >>> 8;
  return out;
}

/** True when the last two bytes are the CRC of the bytes before them. */
export function hasValidCrc16Modbus(frame: Uint8Array): boolean {
  if (frame.length < 3) return false;
  const body = frame.subarray(0, frame.length - 2);
  const crc = computeCrc16Modbus(body);
  return frame[frame.length - 2] === (crc & 0xff) && frame[frame.length - 1] === crc >>> 8;
}
