import { OpsFlowError } from '../errors';
import { concatBytes } from './bytes';
import { appendElitechChecksum, encodeElitechDateTime, type ElitechDateTime } from './elitech-frame';

/** Requests to an Elitech RC-4 / RC-5 logger. Station numbers come from the device info. */

const NO_STATION = 0xcc;
const TO_STATION = 0x33;

function checkByte(name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0 || value > 0xff) {
    throw new OpsFlowError('BAD_INPUT', `The logger ${name} must be a whole number from 0 to 255.`, { [name]: value });
  }
}

export function encodeElitechInit(): Uint8Array {
  return appendElitechChecksum(Uint8Array.of(NO_STATION, 0x00, 0x0a, 0x00));
}

export function encodeElitechDevInfoRequest(): Uint8Array {
  return appendElitechChecksum(Uint8Array.of(NO_STATION, 0x00, 0x06, 0x00));
}

export function encodeElitechHeaderRequest(station: number): Uint8Array {
  checkByte('station', station);
  return appendElitechChecksum(Uint8Array.of(TO_STATION, station, 0x01, 0x00));
}

/** Pages count from 0; the page number is one byte. */
export function encodeElitechBodyRequest(station: number, page: number): Uint8Array {
  checkByte('station', station);
  checkByte('page', page);
  return appendElitechChecksum(Uint8Array.of(TO_STATION, station, 0x02, page));
}

/** Sets the logger clock to a wall-clock time (the logger has no time zone). */
export function encodeElitechClockSet(station: number, at: ElitechDateTime): Uint8Array {
  checkByte('station', station);
  return appendElitechChecksum(concatBytes([Uint8Array.of(TO_STATION, station, 0x07, 0x00), encodeElitechDateTime(at)]));
}
