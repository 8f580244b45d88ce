import { describe, expect, it } from 'vitest';
import { randomInt, seededRandom } from '../../tests/support/seeded-random';
import { newReadingIndexes, readingRowsOf, timeSpan } from './reading-rows';
import type { SensorReadings } from './readings-batch';
import { HOUR_MS, rollUpByHour, type HourRollup } from './rollups';

function batch(atMs: number[], tempCentiC: number[], humidityCentiPct?: (number | null)[]): SensorReadings {
  return { sensorId: 's-1', source: 'download', atMs, tempCentiC, rawCentiC: tempCentiC, ...(humidityCentiPct ? { humidityCentiPct } : {}) };
}

/** A store as the tables keep it: rows by time, rollups merged the way the projection's upsert merges them. */
class TablesInMemory {
  readonly rows = new Map<number, { tempCentiC: number; humidityCentiPct: number | null }>();
  readonly rollups = new Map<number, HourRollup>();

  apply(b: SensorReadings): number {
    const span = timeSpan(b.atMs);
    // In key order, as SQLite gives them.
    const stored = span ? [...this.rows.keys()].filter((t) => t >= span.fromMs && t <= span.toMs).sort((a, b) => a - b) : [];
    const change = readingRowsOf(b, stored);
    for (const i of change.newIndexes) this.rows.set(b.atMs[i]!, { tempCentiC: b.tempCentiC[i]!, humidityCentiPct: b.humidityCentiPct?.[i] ?? null });
    for (const r of change.rollups) {
      const s = this.rollups.get(r.hourMs);
      const min = (a: number | null, c: number | null) => (a === null ? c : c === null ? a : Math.min(a, c));
      const max = (a: number | null, c: number | null) => (a === null ? c : c === null ? a : Math.max(a, c));
      this.rollups.set(
        r.hourMs,
        s
          ? {
              hourMs: r.hourMs,
              minCentiC: Math.min(s.minCentiC, r.minCentiC),
              maxCentiC: Math.max(s.maxCentiC, r.maxCentiC),
              sumCentiC: s.sumCentiC + r.sumCentiC,
              count: s.count + r.count,
              minHumidityCentiPct: min(s.minHumidityCentiPct, r.minHumidityCentiPct),
              maxHumidityCentiPct: max(s.maxHumidityCentiPct, r.maxHumidityCentiPct),
              sumHumidityCentiPct: s.sumHumidityCentiPct + r.sumHumidityCentiPct,
              humidityCount: s.humidityCount + r.humidityCount,
            }
          : r,
      );
    }
    return change.newIndexes.length;
  }

  /** The rollups recomputed from the rows: what the stored ones must always equal. */
  rollupsOfRows(): HourRollup[] {
    const at = [...this.rows.keys()];
    return sortByHour(rollUpByHour(at, at.map((t) => this.rows.get(t)!.tempCentiC), at.map((t) => this.rows.get(t)!.humidityCentiPct)));
  }
}

const sortByHour = (rs: Iterable<HourRollup>) => [...rs].sort((a, b) => a.hourMs - b.hourMs);

describe('the rows a readings batch means', () => {
  it('are the readings whose time is neither stored already nor repeated earlier in the batch', () => {
    expect(newReadingIndexes([10, 20, 30, 20, 40, 10], [30])).toEqual([0, 1, 4]);
    // Both ascending (a download, the stored times in key order): merged rather than looked up.
    expect(newReadingIndexes([10, 20, 30, 40, 50], [5, 20, 25, 40])).toEqual([0, 2, 4]);
    expect(newReadingIndexes([10, 20, 30, 40, 50], [40, 20])).toEqual([0, 2, 4]);
    expect(newReadingIndexes([10, 20, 20, 30], [])).toEqual([0, 1, 3]);
    expect(timeSpan([30, 10, 20])).toEqual({ fromMs: 10, toMs: 30 });
    expect(timeSpan([])).toBeNull();
  });

  it('add to the rollups only what is new: a batch applied twice changes nothing the second time', () => {
    const tables = new TablesInMemory();
    const b = batch([0, 60_000, HOUR_MS], [500, 300, -100], [6000, null, 7000]);
    expect(tables.apply(b)).toBe(3);
    const once = sortByHour(tables.rollups.values());
    expect(tables.apply(b)).toBe(0);
    expect(sortByHour(tables.rollups.values())).toEqual(once);
    expect(once).toEqual(tables.rollupsOfRows());
    expect(readingRowsOf(b, b.atMs)).toEqual({ newIndexes: [], rollups: [] });
  });

  it('keep the rollups equal to the rows whatever overlapping batches arrive in whatever order (property, 200 seeded runs)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const next = seededRandom(seed);
      const tables = new TablesInMemory();
      // One sensor's log; batches are overlapping windows of it (re-downloads, two PCs), some with repeats.
      const count = randomInt(next, 1, 400);
      const atMs = Array.from({ length: count }, (_, i) => i * randomInt(next, 1, 3) * 60_000);
      const temp = atMs.map(() => randomInt(next, -2500, 800));
      const humidity = atMs.map(() => (next() < 0.3 ? null : randomInt(next, 0, 10_000)));
      const withHumidity = next() < 0.5;
      for (let k = 0; k < randomInt(next, 1, 6); k++) {
        const from = randomInt(next, 0, count - 1);
        const to = randomInt(next, from, count - 1);
        const idx = Array.from({ length: to - from + 1 }, (_, i) => from + i);
        if (next() < 0.3) idx.reverse();
        if (next() < 0.3) idx.push(idx[0]!);
        tables.apply(batch(idx.map((i) => atMs[i]!), idx.map((i) => temp[i]!), withHumidity ? idx.map((i) => humidity[i]!) : undefined));
      }
      expect(sortByHour(tables.rollups.values()), `seed ${seed}`).toEqual(tables.rollupsOfRows());
    }
  });
});
