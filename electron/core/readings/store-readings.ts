import { logDocName } from '../../../domain/sync/doc-names';
import { storedReadingTimes } from './logged-readings';
import { encodeReadingsBatch, isHumidityCentiPct } from '../../../domain/readings/readings-batch';
import { newReadingIndexes } from '../../../domain/readings/reading-rows';
import type { ReadingSource } from '../../../domain/readings/reading-source';
import { OpsFlowError } from '../../../domain/errors';
import { judgeReadings, READING_JUDGES, type ReadingJudge } from './reading-judges';
import type { Store } from '../store';
import { appendFactBatch } from '../sync/fact-batches';

export interface RawReading {
  atMs: number;
  /** What the device said, before this sensor's calibration offset. */
  rawCentiC: number;
  /** Hundredths of a percent relative humidity, from sensors that measure it too. */
  humidityCentiPct?: number | null;
}

export interface StoreReadingsResult {
  added: number;
  alreadyThere: number;
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
 * The one way readings reach storage — live, downloaded, imported or entered by hand. Calibrates
 * with the sensor's offset, drops the ones already stored ((sensor, time) is unique), has the
 * reading judges (reading-judges.ts) mark the rest, packs them into one batch per month and sets
 * each batch once into that month's log document; the projection writes the rows. All or nothing.
 *
 * Humidity no sensor can measure (outside 0–100 %) is left out, and logged, rather than refused:
 * refusing would lose the temperatures it came with.
 */
export function storeReadings(
  store: Store,
  sensorId: string,
  source: ReadingSource,
  readings: readonly RawReading[],
  judges: readonly ReadingJudge[] = READING_JUDGES,
): StoreReadingsResult {
  const identity = store.identity();
  if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before storing readings.');
  const sensor = store.q.first(store.db.selectFrom('sensors').select(['location_id', 'calibration_offset_centi_c']).where('id', '=', sensorId));
  if (!sensor) throw new OpsFlowError('NOT_FOUND', 'That sensor is not known on this computer.');
  if (readings.length === 0) return { added: 0, alreadyThere: 0 };

  const sorted = ascending(readings);
  const times = sorted.map((r) => r.atMs);
  const stored = storedReadingTimes(store, sensor.location_id, sensorId, times[0]!, times[times.length - 1]!);
  const fresh = newReadingIndexes(times, stored);
  const n = fresh.length;
  if (n === 0) return { added: 0, alreadyThere: readings.length };

  const offset = sensor.calibration_offset_centi_c;
  const atMs = new Array<number>(n);
  const tempCentiC = new Array<number>(n);
  const rawCentiC = new Array<number>(n);
  let humidityCentiPct: (number | null)[] | null = null;
  let impossibleHumidity = 0;
  for (let k = 0; k < n; k++) {
    const r = sorted[fresh[k]!]!;
    atMs[k] = r.atMs;
    rawCentiC[k] = r.rawCentiC;
    tempCentiC[k] = r.rawCentiC + offset;
    const h = r.humidityCentiPct;
    if (h === undefined || h === null) continue;
    if (!isHumidityCentiPct(h)) {
      impossibleHumidity++;
      continue;
    }
    humidityCentiPct ??= new Array<number | null>(n).fill(null);
    humidityCentiPct[k] = h;
  }
  if (impossibleHumidity > 0) store.log.warn({ sensorId, source, impossibleHumidity }, 'left out humidity outside 0–100 %');
  const flags = judgeReadings(judges, store, { id: sensorId, locationId: sensor.location_id }, { source, atMs, tempCentiC, humidityCentiPct });

  store.docs.transaction(() => {
    // Oldest first, so each month's readings are contiguous: a new month starts when a time passes
    // the current month's end (no date arithmetic per reading; a download is 100,000 of them).
    for (let start = 0; start < n; ) {
      const monthEndMs = nextMonthStartMs(atMs[start]!);
      let end = start + 1;
      while (end < n && atMs[end]! < monthEndMs) end++;
      const batch = encodeReadingsBatch({
        sensorId,
        source,
        atMs: atMs.slice(start, end),
        tempCentiC: tempCentiC.slice(start, end),
        rawCentiC: rawCentiC.slice(start, end),
        ...(humidityCentiPct ? { humidityCentiPct: humidityCentiPct.slice(start, end) } : {}),
        ...(flags ? { flags: flags.slice(start, end) } : {}),
      });
      store.docs.change(logDocName(identity.tenantId, sensor.location_id, atMs[start]!), (doc) => {
        appendFactBatch(doc, batch);
      });
      start = end;
    }
  });
  return { added: n, alreadyThere: readings.length - n };
}
