export const HOUR_MS = 3_600_000;

export interface HourRollup {
  hourMs: number;
  minCentiC: number;
  maxCentiC: number;
  sumCentiC: number;
  count: number;
}

export function hourOf(atMs: number): number {
  return Math.floor(atMs / HOUR_MS) * HOUR_MS;
}

/** Min/max/sum/count per hour of the given readings (any order). */
export function rollUpByHour(atMs: readonly number[], tempCentiC: readonly number[]): HourRollup[] {
  const byHour = new Map<number, HourRollup>();
  for (let i = 0; i < atMs.length; i++) {
    const hourMs = hourOf(atMs[i]!);
    const t = tempCentiC[i]!;
    const r = byHour.get(hourMs);
    if (!r) byHour.set(hourMs, { hourMs, minCentiC: t, maxCentiC: t, sumCentiC: t, count: 1 });
    else {
      if (t < r.minCentiC) r.minCentiC = t;
      if (t > r.maxCentiC) r.maxCentiC = t;
      r.sumCentiC += t;
      r.count += 1;
    }
  }
  return [...byHour.values()];
}

/**
 * Which source a chart of `buckets` buckets over [fromMs, toMs) should read: hourly rollups when a
 * bucket spans at least an hour (coarse), raw rows when zoomed in closer than that.
 */
export function chartResolution(fromMs: number, toMs: number, buckets: number): { source: 'rollups' | 'raw'; bucketMs: number } {
  const span = Math.max(1, toMs - fromMs);
  const raw = Math.max(1, Math.ceil(span / Math.max(1, buckets)));
  if (raw >= HOUR_MS) return { source: 'rollups', bucketMs: Math.ceil(raw / HOUR_MS) * HOUR_MS };
  return { source: 'raw', bucketMs: raw };
}
