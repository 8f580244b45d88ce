import { computeCrc32 } from '../devices/crc32';
import { OpsFlowError } from '../errors';

/**
 * The byte-level pieces the packed readings formats share: varints, a bounds-checked reader, a
 * trailing CRC-32, and the one error every damaged readings batch is refused with.
 */

/** Varints longer than this cannot hold a value below 2^53 (exact in a double). */
const MAX_VARINT_BYTES = 8;

export function readingsDamaged(reason: string): OpsFlowError {
  return new OpsFlowError('FRAME_INVALID', 'A batch of readings arrived damaged and was not stored.', { reason });
}

export const zigzag = (n: number): number => (n >= 0 ? 2 * n : -2 * n - 1);
export const unzigzag = (z: number): number => (z % 2 === 0 ? z / 2 : -(z + 1) / 2);

/** Little-endian base-128, 7 bits a byte; arithmetic, not bit operators, so values up to 2^53 work. */
export function writeUvarint(out: number[], n: number): void {
  while (n >= 0x80) {
    out.push((n % 0x80) | 0x80);
    n = Math.floor(n / 0x80);
  }
  out.push(n);
}

export const writeSvarint = (out: number[], n: number): void => writeUvarint(out, zigzag(n));

/** Reads what the writers above wrote; anything cut short or oversized is a damaged batch. */
export class ByteReader {
  private at = 0;
  constructor(private readonly bytes: Uint8Array) {}

  get remaining(): number {
    return this.bytes.length - this.at;
  }

  byte(): number {
    const b = this.bytes[this.at];
    if (b === undefined) throw readingsDamaged('truncated');
    this.at++;
    return b;
  }

  take(length: number): Uint8Array {
    if (length > this.remaining) throw readingsDamaged('truncated');
    const out = this.bytes.subarray(this.at, this.at + length);
    this.at += length;
    return out;
  }

  uvarint(): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; i < MAX_VARINT_BYTES; i++) {
      const b = this.byte();
      value += (b & 0x7f) * scale;
      if (b < 0x80) {
        if (!Number.isSafeInteger(value)) throw readingsDamaged('number too large');
        return value;
      }
      scale *= 0x80;
    }
    throw readingsDamaged('number too long');
  }

  svarint(): number {
    return unzigzag(this.uvarint());
  }
}

/** The bytes with their CRC-32 appended, little-endian. */
export function withCrc32(body: Uint8Array): Uint8Array {
  const out = new Uint8Array(body.length + 4);
  out.set(body);
  new DataView(out.buffer).setUint32(body.length, computeCrc32(body), true);
  return out;
}

/** The bytes before a trailing CRC-32, once it matches; a mismatch refuses the whole batch. */
export function checkedBody(bytes: Uint8Array, minBodyLength: number): Uint8Array {
  if (bytes.length < 4 + minBodyLength) throw readingsDamaged('truncated');
  const body = bytes.subarray(0, bytes.length - 4);
  const crc = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(bytes.length - 4, true);
  if (computeCrc32(body) !== crc) throw readingsDamaged('checksum');
  return body;
}
