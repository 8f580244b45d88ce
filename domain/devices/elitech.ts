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
 * Elitech RC-4 / RC-4HC / RC-5 stored-log download: device info (see elitech-devinfo), then the
 * data header (record count, start time), then body pages until the count is reached.
 */

export type ElitechModel = 'RC-4' | 'RC-4HC' | 'RC-5';
export type ElitechUnit = 'C' | 'F';

export interface ElitechModelRow {
  modelByte: number;
  model: ElitechModel;
  /** int16 values per record: 1 (temperature) or 2 (temperature, then humidity). */
  valuesPerRecord: 1 | 2;
  /** Records per full body page. */
  recordsPerPage: number;
}

export const ELITECH_MODELS: readonly ElitechModelRow[] = [
  { modelByte: 0x28, model: 'RC-4', valuesPerRecord: 1, recordsPerPage: 100 },
  // The RC-4HC layout (200 values a page, temperature and humidity interleaved) is taken from
  // elitech-datareader, not from a capture: decodeElitechPairBody guards it.
  { modelByte: 0x2a, model: 'RC-4HC', valuesPerRecord: 2, recordsPerPage: 100 },
  // 0x32 (50) for the RC-5 is taken from elitech-datareader, not from a capture.
  { modelByte: 0x32, model: 'RC-5', valuesPerRecord: 1, recordsPerPage: 500 },
];

export function findElitechModel(modelByte: number): ElitechModelRow | null {
  return ELITECH_MODELS.find((m) => m.modelByte === modelByte) ?? null;
}

/** The page layout of a model OpsFlow can download; DEVICE_UNSUPPORTED for any other. */
export function elitechPageLayout(modelByte: number): ElitechModelRow {
  const row = findElitechModel(modelByte);
  if (!row) {
    throw new OpsFlowError(
      'DEVICE_UNSUPPORTED',
      `OpsFlow cannot download this Elitech logger model (model code ${modelByte}) yet. Tell your IT contact the model.`,
      { modelByte },
    );
  }
  return row;
}

/** Records per full page. */
export function elitechPageSize(modelByte: number): number {
  return elitechPageLayout(modelByte).recordsPerPage;
}

/**
 * Pages are counted in records, so one rule serves every model: for the RC-4HC,
 * elitech-datareader's ceil(records * 2 / 200) is the same as ceil(records / 100).
 */
export function elitechPageCount(records: number, pageSize: number): number {
  return Math.ceil(records / pageSize);
}

/**
 * Records on one page: full pages, then the remainder. (elitech-datareader computes the last
 * page as records % pageSize, which asks for 0 records when the count is a multiple of the page.)
 * Values on the page are this times the model's values per record.
 */
export function elitechPageRecordCount(records: number, page: number, pageSize: number): number {
  return Math.max(0, Math.min(pageSize, records - page * pageSize));
}

export const ELITECH_ACK_LENGTH = 3;
export const ELITECH_HEADER_LENGTH = 11;

/** 0x55, two bytes per value, checksum. */
export function expectedElitechBodyLength(records: number, valuesPerRecord: 1 | 2 = 1): number {
  return 2 + 2 * valuesPerRecord * records;
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
  for (let i = 0; i < opts.count; i++) out.push(tenthsToCentiC(view.getInt16(1 + 2 * i), opts.unit));
  return out;
}

export interface ElitechPairRecord {
  tempCentiC: number;
  /** Hundredths of a percent relative humidity. */
  rhCentiPct: number;
}

/** In an error's details: the RC-4HC page did not look like temperature/humidity pairs. */
export const ELITECH_PAIR_LAYOUT = 'temperature-humidity';

export function isElitechLayoutMismatch(err: unknown): boolean {
  return err instanceof OpsFlowError && err.code === 'FRAME_INVALID' && err.details?.layout === ELITECH_PAIR_LAYOUT;
}

/** Humidity is tenths of %RH: anything outside 0–100 % means the page is not laid out as assumed. */
const RH_MAX_TENTHS = 1000;

/**
 * One RC-4HC body page: per record, temperature (as in decodeElitechBody) then relative humidity
 * (int16 big-endian tenths of %RH). The layout comes from elitech-datareader, not from a capture,
 * so every humidity must be 0–100 %: otherwise the page is refused whole, and a wrong guess can
 * never store humidity as temperature. The checksum passed, so asking again would get the same bytes.
 */
const PAIR_MIN_CENTI_C = -3500;
const PAIR_MAX_CENTI_C = 6500;

export function decodeElitechPairBody(frame: Uint8Array, opts: { count: number; unit: ElitechUnit }): ElitechPairRecord[] {
  checkElitechAnswer(frame, expectedElitechBodyLength(opts.count, 2), 'record page');
  const view = viewOf(frame);
  const out: ElitechPairRecord[] = [];
  for (let i = 0; i < opts.count; i++) {
    const tempTenths = view.getInt16(1 + 4 * i);
    const rhTenths = view.getInt16(3 + 4 * i);
    const tempCentiC = tenthsToCentiC(tempTenths, opts.unit);
    // The pair layout is known from another tool's source, not from a capture: a value outside what
    // the logger can measure (RC-4HC: -30 to +60 °C, 0-100 %RH) means the guess was wrong, and a
    // humidity must never be stored as a temperature.
    if (rhTenths < 0 || rhTenths > RH_MAX_TENTHS || tempCentiC < PAIR_MIN_CENTI_C || tempCentiC > PAIR_MAX_CENTI_C) {
      throw new OpsFlowError(
        'FRAME_INVALID',
        "The logger's data did not have the expected temperature and humidity layout, so nothing from it was stored. Tell your IT contact the logger model.",
        { what: 'record page', layout: ELITECH_PAIR_LAYOUT, record: i, rhTenths, tempTenths },
      );
    }
    out.push({ tempCentiC, rhCentiPct: rhTenths * 10 });
  }
  return out;
}

function tenthsToCentiC(tenths: number, unit: ElitechUnit): number {
  return unit === 'C' ? tenths * 10 : divideRounded((tenths - 320) * 50, 9);
}

/** Wall-clock time of record `index` (0-based over the whole log): start + index * interval. */
export function elitechRecordTime(start: ElitechDateTime, intervalS: number, index: number): string {
  if (!isValidElitechDateTime(start)) {
    throw new OpsFlowError('FRAME_INVALID', "The logger's start time is not a real date; its records cannot be placed in time.", { ...start });
  }
  return formatWallClockMs(elitechWallClockMs(start) + index * intervalS * 1000);
}
