export const HOUR_MS = 3_600_000;

export interface HourRollup {
  hourMs: number;
  minCentiC: number;
  maxCentiC: number;
  sumCentiC: number;
  count: number;
  /** Over the readings of the hour that have humidity, which may be fewer than all: null while none has. */
  minHumidityCentiPct: number | null;
  maxHumidityCentiPct: number | null;
  sumHumidityCentiPct: number;
  humidityCount: number;
}

export function hourOf(atMs: number): number {
  return Math.floor(atMs / HOUR_MS) * HOUR_MS;
}

/**
 * Folds readings (any order) into min/max/sum/count per hour, one at a time. Readings of the same
 * hour usually come one after the other, so the current hour is kept at hand and the map is only
 * consulted when the hour changes.
 */
export class HourlyRollups {
  private readonly byHour = new Map<number, HourRollup>();
  private current: HourRollup | undefined;

  add(atMs: number, t: number, humidity: number | null = null): void {
    let r = this.current;
    if (r === undefined || atMs < r.hourMs || atMs >= r.hourMs + HOUR_MS) {
      const hourMs = hourOf(atMs);
      r = this.byHour.get(hourMs);
      if (r === undefined) {
        r = { hourMs, minCentiC: t, maxCentiC: t, sumCentiC: 0, count: 0, minHumidityCentiPct: null, maxHumidityCentiPct: null, sumHumidityCentiPct: 0, humidityCount: 0 };
        this.byHour.set(hourMs, r);
      }
      this.current = r;
    }
    if (t < r.minCentiC) r.minCentiC = t;
    if (t > r.maxCentiC) r.maxCentiC = t;
    r.sumCentiC += t;
    r.count += 1;
    if (humidity !== null) {
      if (r.minHumidityCentiPct === null || humidity < r.minHumidityCentiPct) r.minHumidityCentiPct = humidity;
      if (r.maxHumidityCentiPct === null || humidity > r.maxHumidityCentiPct) r.maxHumidityCentiPct = humidity;
      r.sumHumidityCentiPct += humidity;
      r.humidityCount += 1;
    }
  }

  values(): HourRollup[] {
    return [...this.byHour.values()];
  }
}

/** Min/max/sum/count per hour of the given readings (any order), of humidity too where given. */
export function rollUpByHour(atMs: readonly number[], tempCentiC: readonly number[], humidityCentiPct?: readonly (number | null)[]): HourRollup[] {
  const rollups = new HourlyRollups();
  for (let i = 0; i < atMs.length; i++) rollups.add(atMs[i]!, tempCentiC[i]!, humidityCentiPct?.[i] ?? null);
  return rollups.values();
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
