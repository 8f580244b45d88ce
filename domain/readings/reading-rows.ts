import type { SensorReadings } from './readings-batch';
import { HourlyRollups, type HourRollup } from './rollups';

/**
 * What a readings batch means for the tables, as pure code: the desktop applies it to SQLite
 * (electron/core/readings/readings-projection.ts); the hub will apply the same to PostgreSQL.
 *
 * - `readings` gets one row per reading whose time is new for its sensor ((sensor, time) is the
 *   key): not stored already and not repeated earlier in the batch. The first of repeats wins.
 * - `reading_rollups` gets, per hour, the min/max/sum/count of those new rows only, added to what
 *   is stored (min of the mins, max of the maxes, sums and counts added). A batch that arrives
 *   twice, or two PCs that downloaded the same logger, must not count a reading twice.
 */
export interface ReadingRowsChange {
  /** Indexes into the batch of the readings that become rows, in batch order. */
  newIndexes: number[];
  /** Per hour, what the new rows add to the stored rollup. */
  rollups: HourRollup[];
}

/** The earliest and latest time of a batch (any order), for the one range query that finds the stored ones; null when empty. */
export function timeSpan(atMs: readonly number[]): { fromMs: number; toMs: number } | null {
  if (atMs.length === 0) return null;
  let fromMs = atMs[0]!;
  let toMs = fromMs;
  for (const at of atMs) {
    if (at < fromMs) fromMs = at;
    else if (at > toMs) toMs = at;
  }
  return { fromMs, toMs };
}

/**
 * Indexes of the times that are neither among `storedTimes` nor repeated earlier in `atMs`.
 * A download arrives oldest first and the stored times come in key order, so the usual case is a
 * merge of two ascending lists; anything else goes through a set (a Set of 100,000 times costs
 * more than the rest of the import's JavaScript together).
 */
export function newReadingIndexes(atMs: readonly number[], storedTimes: readonly number[]): number[] {
  if (!isStrictlyAscending(atMs) || !isStrictlyAscending(storedTimes)) return newReadingIndexesInAnyOrder(atMs, storedTimes);
  const out: number[] = [];
  let s = 0;
  for (let i = 0; i < atMs.length; i++) {
    const at = atMs[i]!;
    while (s < storedTimes.length && storedTimes[s]! < at) s++;
    if (s < storedTimes.length && storedTimes[s] === at) continue;
    out.push(i);
  }
  return out;
}

function newReadingIndexesInAnyOrder(atMs: readonly number[], storedTimes: readonly number[]): number[] {
  const seen = new Set(storedTimes);
  const out: number[] = [];
  for (let i = 0; i < atMs.length; i++) {
    const at = atMs[i]!;
    if (seen.has(at)) continue;
    seen.add(at);
    out.push(i);
  }
  return out;
}

function isStrictlyAscending(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (!(values[i - 1]! < values[i]!)) return false;
  return true;
}

/** The rows a batch adds, given the times of its sensor already stored within its span (`timeSpan`). */
export function readingRowsOf(batch: SensorReadings, storedTimes: readonly number[]): ReadingRowsChange {
  const newIndexes = newReadingIndexes(batch.atMs, storedTimes);
  const { atMs, tempCentiC, humidityCentiPct } = batch;
  const rollups = new HourlyRollups();
  for (const i of newIndexes) rollups.add(atMs[i]!, tempCentiC[i]!, humidityCentiPct?.[i] ?? null);
  return { newIndexes, rollups: rollups.values() };
}
