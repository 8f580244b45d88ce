import { OpsFlowError } from '../errors';
import { BATCH_KIND, batchBody, batchKind } from '../sync/fact-batch';
import { ByteReader, checkedBody, readingsDamaged, withCrc32, writeUvarint, zigzag, unzigzag } from './packed-bytes';
import { readingSourceCode, readingSourceFromCode, type ReadingSource } from './reading-source';
import { decodeReadingSeries, encodeReadingSeries } from './reading-series';

/**
 * Readings of one sensor from one download or poll window, as a fact batch (kind 2).
 *
 * Version 2, the only one written:
 *   kind (2) | layout (0x82) | sections (uvarint) | source (1) | sensor id length (1) | sensor id (UTF-8)
 *   | series length (uvarint) | reading series (reading-series.ts: times, temperatures, raw values)
 *   | flags, when sections bit 0: runs of (uvarint length ≥ 1, uvarint flags) covering every reading
 *   | humidity, when sections bit 1: per reading one uvarint, 0 = none, else
 *       zigzag(change from the batch's previous humidity, 0 before the first) + 1
 *   | CRC-32 of everything before it, kind byte included, little-endian
 *
 * Version 1, read only (batches already in users' documents):
 *   kind (2) | source (1) | sensor id length (1) | sensor id | reading series
 * whose only checksum is the series' own: version 2's covers the sensor and the source too.
 * Its byte after the kind is a source code, 1 to 3, so layouts from version 2 on have bit 7 set
 * (0x80 | version): a batch of one version can never be read as another.
 *
 * A section bit this code does not know refuses the batch: a section cannot be skipped without its
 * layout, and a batch read in part would store readings without what they carry. A new optional
 * part (HACCP's limit in force, say) is a new section bit, not a new format.
 *
 * Costs over the series: flags nothing while every reading's are 0, then two to four bytes a run; humidity
 * one byte a reading while it moves by at most 0.63 %RH a step.
 */
export interface SensorReadings {
  sensorId: string;
  source: ReadingSource;
  atMs: readonly number[];
  /** Calibrated. */
  tempCentiC: readonly number[];
  /** What the device said. */
  rawCentiC: readonly number[];
  /** Hundredths of a percent relative humidity per reading, null where it has none; absent when no reading has any. */
  humidityCentiPct?: readonly (number | null)[];
  /** Bits the reading judges set per reading (store-readings.ts); absent when every reading's are 0. */
  flags?: readonly number[];
}

/** The byte after the kind in a version-2 batch. */
export const READINGS_BATCH_V2 = 0x82;

const SECTION_FLAGS = 1;
const SECTION_HUMIDITY = 2;
const KNOWN_SECTIONS = SECTION_FLAGS | SECTION_HUMIDITY;

const MAX_HUMIDITY_CENTI_PCT = 10_000;
/** Flags are bits: kept below 2^31 so JavaScript's bit operators and SQLite's integers hold them whole. */
const MAX_FLAGS = 2 ** 31 - 1;

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

function badInput(message: string, details: Record<string, unknown> = {}): OpsFlowError {
  return new OpsFlowError('BAD_INPUT', message, details);
}

export function isHumidityCentiPct(value: number): boolean {
  return Number.isInteger(value) && value >= 0 && value <= MAX_HUMIDITY_CENTI_PCT;
}

/** Encodes a batch as version 2. */
export function encodeReadingsBatch(r: SensorReadings): Uint8Array {
  const id = encoder.encode(r.sensorId);
  if (id.length === 0 || id.length > 255) throw badInput('A sensor id must be 1 to 255 bytes.');
  const n = r.atMs.length;
  const flags = r.flags && r.flags.some((f) => f !== 0) ? r.flags : null;
  const humidity = r.humidityCentiPct && r.humidityCentiPct.some((h) => h !== null) ? r.humidityCentiPct : null;
  if ((r.flags && r.flags.length !== n) || (r.humidityCentiPct && r.humidityCentiPct.length !== n)) {
    throw badInput('A batch needs exactly one flags value and one humidity (or none) per reading.', { readings: n });
  }
  const series = encodeReadingSeries({ atMs: r.atMs, tempCentiC: r.tempCentiC, rawTempCentiC: r.rawCentiC });

  const head: number[] = [BATCH_KIND.readings, READINGS_BATCH_V2];
  writeUvarint(head, (flags ? SECTION_FLAGS : 0) | (humidity ? SECTION_HUMIDITY : 0));
  head.push(readingSourceCode(r.source), id.length, ...id);
  writeUvarint(head, series.length);

  const tail: number[] = [];
  if (flags) writeFlagRuns(tail, flags);
  if (humidity) writeHumidity(tail, humidity);

  const body = new Uint8Array(head.length + series.length + tail.length);
  body.set(head);
  body.set(series, head.length);
  body.set(tail, head.length + series.length);
  return withCrc32(body);
}

function writeFlagRuns(out: number[], flags: readonly number[]): void {
  for (let i = 0; i < flags.length; ) {
    const value = flags[i]!;
    if (!Number.isInteger(value) || value < 0 || value > MAX_FLAGS) throw badInput('Reading flags must be whole numbers from 0 to 2^31 - 1.', { value });
    let end = i + 1;
    while (end < flags.length && flags[end] === value) end++;
    writeUvarint(out, end - i);
    writeUvarint(out, value);
    i = end;
  }
}

function writeHumidity(out: number[], humidity: readonly (number | null)[]): void {
  let previous = 0;
  for (const h of humidity) {
    if (h === null) {
      out.push(0);
      continue;
    }
    if (!isHumidityCentiPct(h)) throw badInput('Humidity must be whole hundredths of a percent from 0 to 100 %.', { value: h });
    writeUvarint(out, zigzag(h - previous) + 1);
    previous = h;
  }
}

/**
 * Decodes a batch of either version. Anything damaged or malformed is refused whole (a batch
 * from another PC is untrusted): no reading of it is stored.
 */
export function decodeReadingsBatch(batch: Uint8Array): SensorReadings {
  if (batchKind(batch) !== BATCH_KIND.readings) throw readingsDamaged('not a readings batch');
  const layout = batch[1];
  if (layout === READINGS_BATCH_V2) return decodeVersion2(batch);
  if (layout !== undefined && readingSourceFromCode(layout)) return decodeVersion1(batchBody(batch));
  throw readingsDamaged(layout === undefined ? 'too short' : 'unknown layout');
}

function readSensor(r: ByteReader): { source: ReadingSource; sensorId: string } {
  const source = readingSourceFromCode(r.byte());
  if (!source) throw readingsDamaged('unknown source');
  const idLength = r.byte();
  if (idLength === 0) throw readingsDamaged('no sensor id');
  try {
    return { source, sensorId: decoder.decode(r.take(idLength)) };
  } catch (err) {
    if (err instanceof OpsFlowError) throw err;
    throw readingsDamaged('sensor id is not text');
  }
}

function decodeVersion1(body: Uint8Array): SensorReadings {
  const r = new ByteReader(body);
  const { source, sensorId } = readSensor(r);
  const series = decodeReadingSeries(r.take(r.remaining));
  return { sensorId, source, atMs: series.atMs, tempCentiC: series.tempCentiC, rawCentiC: series.rawTempCentiC ?? series.tempCentiC };
}

function decodeVersion2(batch: Uint8Array): SensorReadings {
  const r = new ByteReader(checkedBody(batch, 5));
  r.take(2); // kind and layout, checked by the caller
  const sections = r.uvarint();
  if ((sections & ~KNOWN_SECTIONS) !== 0 || sections > KNOWN_SECTIONS) throw readingsDamaged('unknown sections');
  const { source, sensorId } = readSensor(r);
  const series = decodeReadingSeries(r.take(r.uvarint()));
  const n = series.atMs.length;
  const out: SensorReadings = { sensorId, source, atMs: series.atMs, tempCentiC: series.tempCentiC, rawCentiC: series.rawTempCentiC ?? series.tempCentiC };
  if (sections & SECTION_FLAGS) out.flags = readFlagRuns(r, n);
  if (sections & SECTION_HUMIDITY) out.humidityCentiPct = readHumidity(r, n);
  if (r.remaining !== 0) throw readingsDamaged('trailing bytes');
  return out;
}

function readFlagRuns(r: ByteReader, n: number): number[] {
  const flags = new Array<number>(n);
  for (let i = 0; i < n; ) {
    const length = r.uvarint();
    const value = r.uvarint();
    if (length === 0 || length > n - i) throw readingsDamaged('flag runs do not cover the readings');
    if (value > MAX_FLAGS) throw readingsDamaged('flags out of range');
    flags.fill(value, i, i + length);
    i += length;
  }
  return flags;
}

function readHumidity(r: ByteReader, n: number): (number | null)[] {
  const humidity = new Array<number | null>(n);
  let previous = 0;
  for (let i = 0; i < n; i++) {
    const tag = r.uvarint();
    if (tag === 0) {
      humidity[i] = null;
      continue;
    }
    const h = previous + unzigzag(tag - 1);
    if (!isHumidityCentiPct(h)) throw readingsDamaged('humidity out of range');
    humidity[i] = previous = h;
  }
  return humidity;
}
