import { FACT_BATCHES_MAP } from '../../../domain/sync/fact-batch';
import { logDocName } from '../../../domain/sync/doc-names';
import { encodeReadingsBatch } from '../../../domain/readings/readings-batch';
import type { ReadingSource } from '../../../domain/readings/reading-source';
import { OpsFlowError } from '../../../domain/errors';
import { sha256Hex } from '../audit/sha256';
import type { Store } from '../store';

export interface RawReading {
  atMs: number;
  /** What the device said, before this sensor's calibration offset. */
  rawCentiC: number;
}

export interface ImportResult {
  added: number;
  alreadyThere: number;
}

interface MonthRows {
  atMs: number[];
  tempCentiC: number[];
  rawCentiC: number[];
}

/** The start of the UTC month after the one `atMs` falls in (log documents are filed by UTC month). */
function nextMonthStartMs(atMs: number): number {
  const d = new Date(atMs);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1);
}

/** The readings oldest first: the array itself when it already is (a download always is), else a sorted copy. */
function ascending(readings: readonly RawReading[]): readonly RawReading[] {
  for (let i = 1; i < readings.length; i++) {
    if (readings[i]!.atMs < readings[i - 1]!.atMs) return [...readings].sort((a, b) => a.atMs - b.atMs);
  }
  return readings;
}

/**
 * Stores readings of one sensor through the local-first write path: calibrate with the sensor's
 * offset, drop the ones already stored ((sensor, time) is unique), pack the rest into one batch
 * per month, and set each batch once into that month's log document. All or nothing.
 */
export function importReadings(store: Store, sensorId: string, source: ReadingSource, readings: readonly RawReading[]): ImportResult {
  const identity = store.identity();
  if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before storing readings.');
  const sensor = store.q.first(store.db.selectFrom('sensors').select(['location_id', 'calibration_offset_centi_c']).where('id', '=', sensorId));
  if (!sensor) throw new OpsFlowError('NOT_FOUND', 'That sensor is not known on this computer.');
  if (readings.length === 0) return { added: 0, alreadyThere: 0 };

  const sorted = ascending(readings);
  const fromMs = sorted[0]!.atMs;
  const toMs = sorted[sorted.length - 1]!.atMs;
  const stored = new Set(
    store.sqlite.prepare('SELECT at_ms FROM readings WHERE sensor_id = ? AND at_ms BETWEEN ? AND ?').pluck().all(sensorId, fromMs, toMs) as number[],
  );
  const offset = sensor.calibration_offset_centi_c;
  // Oldest first, so each month's readings are contiguous: a new month starts when a time passes
  // the current month's end (no date arithmetic per reading; a download is 100,000 of them).
  const months: MonthRows[] = [];
  let month: MonthRows | undefined;
  let monthEndMs = Number.NEGATIVE_INFINITY;
  let lastAt = Number.NaN;
  for (const r of sorted) {
    const atMs = r.atMs;
    if (atMs === lastAt || stored.has(atMs)) continue;
    lastAt = atMs;
    if (month === undefined || atMs >= monthEndMs) {
      monthEndMs = nextMonthStartMs(atMs);
      months.push((month = { atMs: [], tempCentiC: [], rawCentiC: [] }));
    }
    month.atMs.push(atMs);
    month.rawCentiC.push(r.rawCentiC);
    month.tempCentiC.push(r.rawCentiC + offset);
  }
  let added = 0;
  store.docs.transaction(() => {
    for (const month of months) {
      const batch = encodeReadingsBatch({ sensorId, source, ...month });
      store.docs.change(logDocName(identity.tenantId, sensor.location_id, month.atMs[0]!), (doc) => {
        doc.getMap<Uint8Array>(FACT_BATCHES_MAP).set(sha256Hex(batch), batch);
      });
      added += month.atMs.length;
    }
  });
  return { added, alreadyThere: readings.length - added };
}
