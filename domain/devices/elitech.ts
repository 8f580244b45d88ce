import { OpsFlowError } from '../errors';
import { divideRounded, viewOf } from './bytes';
import {
  checkElitechAnswer,
  decodeElitechDateTime,
  elitechWallClockMs,
  formatElitechDateTime,
  formatWallClockMs,
  isValidElitechDateTime,
  type ElitechDateTime,
} from './elitech-frame';

/**
 * Elitech RC-4 / RC-5 stored-log download: device info (see elitech-devinfo), then the data
 * header (record count, start time), then body pages until the count is reached.
 */

export type ElitechModel = 'RC-4' | 'RC-4HC' | 'RC-5';
export type ElitechUnit = 'C' | 'F';

export interface ElitechModelRow {
  modelByte: number;
  model: ElitechModel;
  /** Records per body page; null when OpsFlow does not know the page layout. */
  pageSize: number | null;
}

export const ELITECH_MODELS: readonly ElitechModelRow[] = [
  { modelByte: 0x28, model: 'RC-4', pageSize: 100 },
  // The RC-4HC also logs humidity; how it lays a page out is not known, so it is not downloaded.
  { modelByte: 0x2a, model: 'RC-4HC', pageSize: null },
  // 0x32 (50) for the RC-5 is taken from elitech-datareader, not from a capture.
  { modelByte: 0x32, model: 'RC-5', pageSize: 500 },
];

export function findElitechModel(modelByte: number): ElitechModelRow | null {
  return ELITECH_MODELS.find((m) => m.modelByte === modelByte) ?? null;
}

export function elitechPageSize(modelByte: number): number {
  const row = findElitechModel(modelByte);
  if (!row || row.pageSize === null) {
    throw new OpsFlowError(
      'DEVICE_UNSUPPORTED',
      `OpsFlow cannot download this Elitech logger model (${row?.model ?? `model code ${modelByte}`}) yet. Tell your IT contact the model.`,
      { modelByte },
    );
  }
  return row.pageSize;
}

export function elitechPageCount(records: number, pageSize: number): number {
  return Math.ceil(records / pageSize);
}

/**
 * Records on one page: full pages, then the remainder. (elitech-datareader computes the last
 * page as records % pageSize, which asks for 0 records when the count is a multiple of the page.)
 */
export function elitechPageRecordCount(records: number, page: number, pageSize: number): number {
  return Math.max(0, Math.min(pageSize, records - page * pageSize));
}

export const ELITECH_ACK_LENGTH = 3;
export const ELITECH_HEADER_LENGTH = 11;

export function expectedElitechBodyLength(count: number): number {
  return 2 + 2 * count;
}

const ACK_CODES = { init: 0xa5, clockSet: 0xa3, paramPut: 0xa0, devNum: 0xa7 } as const;
export type ElitechAckKind = keyof typeof ACK_CODES;

/** The 3-byte answer to init, clock set and parameter writes ("55 a5 fa" for init). */
export function decodeElitechAck(frame: Uint8Array, kind: ElitechAckKind): void {
  checkElitechAnswer(frame, ELITECH_ACK_LENGTH, 'answer');
  if (frame[1] !== ACK_CODES[kind]) {
    throw new OpsFlowError('FRAME_INVALID', "The logger's answer could not be understood; OpsFlow will ask again.", {
      kind,
      code: frame[1],
    });
  }
}

export interface ElitechHeader {
  records: number;
  startRaw: ElitechDateTime;
  /** Logger-local time, no zone ("2015-05-14T23:04:53"); null if the logger sent an impossible date. */
  start: string | null;
}

export function decodeElitechHeader(frame: Uint8Array): ElitechHeader {
  checkElitechAnswer(frame, ELITECH_HEADER_LENGTH, 'record summary');
  const startRaw = decodeElitechDateTime(frame, 3);
  return { records: viewOf(frame).getUint16(1), startRaw, start: formatElitechDateTime(startRaw) };
}

/**
 * One body page: int16 big-endian tenths of a degree in the logger's unit, signed (freezers).
 * Returns hundredths of a degree Celsius; Fahrenheit is converted exactly, then rounded once.
 */
export function decodeElitechBody(frame: Uint8Array, opts: { count: number; unit: ElitechUnit }): number[] {
  checkElitechAnswer(frame, expectedElitechBodyLength(opts.count), 'record page');
  const view = viewOf(frame);
  const out: number[] = [];
  for (let i = 0; i < opts.count; i++) {
    const tenths = view.getInt16(1 + 2 * i);
    out.push(opts.unit === 'C' ? tenths * 10 : divideRounded((tenths - 320) * 50, 9));
  }
  return out;
}

/** Wall-clock time of record `index` (0-based over the whole log): start + index * interval. */
export function elitechRecordTime(start: ElitechDateTime, intervalS: number, index: number): string {
  if (!isValidElitechDateTime(start)) {
    throw new OpsFlowError('FRAME_INVALID', "The logger's start time is not a real date; its records cannot be placed in time.", { ...start });
  }
  return formatWallClockMs(elitechWallClockMs(start) + index * intervalS * 1000);
}
