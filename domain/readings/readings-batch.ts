import { decodeReadingSeries, encodeReadingSeries } from './reading-series';
import { OpsFlowError } from '../errors';
import { BATCH_KIND, batchBody, batchKind, packBatch } from '../sync/fact-batch';
import { readingSourceCode, readingSourceFromCode, type ReadingSource } from './reading-source';

/**
 * Readings of one sensor from one download or poll window, as a fact batch:
 *   kind (2) | source (1) | sensor id length (1) | sensor id (UTF-8) | delta-encoded readings
 * Times ascend; `tempCentiC` is calibrated, `rawCentiC` is what the device said.
 */
export interface SensorReadings {
  sensorId: string;
  source: ReadingSource;
  atMs: number[];
  tempCentiC: number[];
  rawCentiC: number[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeReadingsBatch(r: SensorReadings): Uint8Array {
  const id = encoder.encode(r.sensorId);
  if (id.length === 0 || id.length > 255) throw new OpsFlowError('BAD_INPUT', 'A sensor id must be 1 to 255 bytes.');
  const readings = encodeReadingSeries({ atMs: r.atMs, tempCentiC: r.tempCentiC, rawTempCentiC: r.rawCentiC });
  const body = new Uint8Array(2 + id.length + readings.length);
  body[0] = readingSourceCode(r.source);
  body[1] = id.length;
  body.set(id, 2);
  body.set(readings, 2 + id.length);
  return packBatch(BATCH_KIND.readings, body);
}

/** Refuses anything damaged or malformed whole (a batch from another device is untrusted). */
export function decodeReadingsBatch(batch: Uint8Array): SensorReadings {
  const damaged = (reason: string) => new OpsFlowError('FRAME_INVALID', 'A batch of readings arrived damaged and was not stored.', { reason });
  if (batchKind(batch) !== BATCH_KIND.readings) throw damaged('not a readings batch');
  const body = batchBody(batch);
  if (body.length < 3) throw damaged('too short');
  const source = readingSourceFromCode(body[0]!);
  if (!source) throw damaged('unknown source');
  const idLength = body[1]!;
  if (idLength === 0 || body.length < 2 + idLength) throw damaged('sensor id cut short');
  let sensorId: string;
  try {
    sensorId = decoder.decode(body.subarray(2, 2 + idLength));
  } catch {
    throw damaged('sensor id is not text');
  }
  const decoded = decodeReadingSeries(body.subarray(2 + idLength));
  const rawCentiC = decoded.rawTempCentiC ?? decoded.tempCentiC;
  return { sensorId, source, atMs: decoded.atMs, tempCentiC: decoded.tempCentiC, rawCentiC };
}
