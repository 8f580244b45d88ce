import { OpsFlowError } from '../errors';

/**
 * Elitech RC-4 / RC-5 framing: requests start with 0xCC (no station) or 0x33 + station, answers
 * with 0x55; the last byte is the sum of all bytes before it, mod 256.
 */

export const ELITECH_ANSWER_START = 0x55;

export function computeElitechChecksum(bytes: Uint8Array): number {
  let sum = 0;
  for (const b of bytes) sum = (sum + b) & 0xff;
  return sum;
}

export function appendElitechChecksum(frame: Uint8Array): Uint8Array {
  const out = new Uint8Array(frame.length + 1);
  out.set(frame);
  out[frame.length] = computeElitechChecksum(frame);
  return out;
}

export function hasValidElitechChecksum(frame: Uint8Array): boolean {
  return frame.length >= 2 && computeElitechChecksum(frame.subarray(0, frame.length - 1)) === frame[frame.length - 1];
}

/** Checks start byte and exact length of an answer. */
export function checkElitechFrameShape(frame: Uint8Array, expectedLength: number, what: string): void {
  const details = { what, expected: expectedLength, length: frame.length };
  if (frame.length > 0 && frame[0] !== ELITECH_ANSWER_START) {
    throw new OpsFlowError('FRAME_INVALID', `The logger's ${what} could not be understood; OpsFlow will ask again.`, details);
  }
  if (frame.length < expectedLength) {
    throw new OpsFlowError('FRAME_TRUNCATED', `The logger's ${what} was cut short; OpsFlow will ask again.`, details);
  }
  if (frame.length > expectedLength) {
    throw new OpsFlowError('FRAME_INVALID', `The logger's ${what} was longer than expected; OpsFlow will ask again.`, details);
  }
}

/** Start byte, exact length and checksum: the errors a download loop acts on. */
export function checkElitechAnswer(frame: Uint8Array, expectedLength: number, what: string): void {
  checkElitechFrameShape(frame, expectedLength, what);
  if (!hasValidElitechChecksum(frame)) {
    throw new OpsFlowError('CHECKSUM_MISMATCH', `The logger's ${what} was damaged in transit; OpsFlow will ask again.`, {
      what,
      length: frame.length,
    });
  }
}

/** A logger clock value: wall-clock time of the logger, no time zone. */
export interface ElitechDateTime {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** year (uint16 big-endian), month, day, hour, minute, second. */
export function decodeElitechDateTime(bytes: Uint8Array, offset: number): ElitechDateTime {
  const at = (i: number): number => bytes[offset + i] ?? 0;
  return { year: (at(0) << 8) | at(1), month: at(2), day: at(3), hour: at(4), minute: at(5), second: at(6) };
}

export function encodeElitechDateTime(dt: ElitechDateTime): Uint8Array {
  if (!isValidElitechDateTime(dt)) {
    throw new OpsFlowError('BAD_INPUT', 'That is not a valid date and time for the logger clock.', { ...dt });
  }
  return Uint8Array.of(dt.year >> 8, dt.year & 0xff, dt.month, dt.day, dt.hour, dt.minute, dt.second);
}

export function isValidElitechDateTime(dt: ElitechDateTime): boolean {
  const { year, month, day, hour, minute, second } = dt;
  if (![year, month, day, hour, minute, second].every(Number.isInteger)) return false;
  if (year < 1 || year > 0xffff || month < 1 || month > 12 || hour > 23 || minute > 59 || second > 59) return false;
  if (hour < 0 || minute < 0 || second < 0 || day < 1) return false;
  const daysInMonth = [31, isLeap(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1] ?? 0;
  return day <= daysInMonth;
}

function isLeap(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/** The wall-clock fields as milliseconds, as if they were UTC (arithmetic only; no zone). */
export function elitechWallClockMs(dt: ElitechDateTime): number {
  const d = new Date(0);
  d.setUTCFullYear(dt.year, dt.month - 1, dt.day);
  d.setUTCHours(dt.hour, dt.minute, dt.second, 0);
  return d.getTime();
}

/** "2015-05-14T23:04:53": logger-local time, no zone; null when the logger sent an impossible date. */
export function formatElitechDateTime(dt: ElitechDateTime): string | null {
  return isValidElitechDateTime(dt) ? formatWallClockMs(elitechWallClockMs(dt)) : null;
}

export function formatWallClockMs(ms: number): string {
  const d = new Date(ms);
  const p = (n: number, w = 2): string => String(n).padStart(w, '0');
  return `${p(d.getUTCFullYear(), 4)}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${p(d.getUTCHours())}:${p(d.getUTCMinutes())}:${p(d.getUTCSeconds())}`;
}
