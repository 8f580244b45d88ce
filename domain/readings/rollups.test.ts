import { describe, expect, it } from 'vitest';
import { chartResolution, HOUR_MS, rollUpByHour } from './rollups';

describe('hourly rollups', () => {
  it('hold min, max, sum and count per hour', () => {
    const [a, b] = rollUpByHour([0, 60_000, HOUR_MS + 5], [500, -200, 40]);
    expect(a).toEqual({ hourMs: 0, minCentiC: -200, maxCentiC: 500, sumCentiC: 300, count: 2, minHumidityCentiPct: null, maxHumidityCentiPct: null, sumHumidityCentiPct: 0, humidityCount: 0 });
    expect(b).toEqual({ hourMs: HOUR_MS, minCentiC: 40, maxCentiC: 40, sumCentiC: 40, count: 1, minHumidityCentiPct: null, maxHumidityCentiPct: null, sumHumidityCentiPct: 0, humidityCount: 0 });
  });

  it('fold readings of interleaved hours, in any order, into the same rollups', () => {
    const at = [HOUR_MS + 1, 5, 2 * HOUR_MS, HOUR_MS + 2, 6, -1];
    const temp = [10, 20, 30, 40, -50, 60];
    const byHour = (rs: ReturnType<typeof rollUpByHour>) => [...rs].sort((a, b) => a.hourMs - b.hourMs);
    expect(byHour(rollUpByHour(at, temp))).toEqual([
      { hourMs: -HOUR_MS, minCentiC: 60, maxCentiC: 60, sumCentiC: 60, count: 1, minHumidityCentiPct: null, maxHumidityCentiPct: null, sumHumidityCentiPct: 0, humidityCount: 0 },
      { hourMs: 0, minCentiC: -50, maxCentiC: 20, sumCentiC: -30, count: 2, minHumidityCentiPct: null, maxHumidityCentiPct: null, sumHumidityCentiPct: 0, humidityCount: 0 },
      { hourMs: HOUR_MS, minCentiC: 10, maxCentiC: 40, sumCentiC: 50, count: 2, minHumidityCentiPct: null, maxHumidityCentiPct: null, sumHumidityCentiPct: 0, humidityCount: 0 },
      { hourMs: 2 * HOUR_MS, minCentiC: 30, maxCentiC: 30, sumCentiC: 30, count: 1, minHumidityCentiPct: null, maxHumidityCentiPct: null, sumHumidityCentiPct: 0, humidityCount: 0 },
    ]);
  });

  it('hold humidity apart, over only the readings that have it', () => {
    const [a, b] = rollUpByHour([0, 60_000, 120_000, HOUR_MS], [500, -200, 40, 7], [6000, null, 6550, null]);
    expect(a).toEqual({
      hourMs: 0,
      minCentiC: -200,
      maxCentiC: 500,
      sumCentiC: 340,
      count: 3,
      minHumidityCentiPct: 6000,
      maxHumidityCentiPct: 6550,
      sumHumidityCentiPct: 12_550,
      humidityCount: 2,
    });
    expect(b).toMatchObject({ count: 1, minHumidityCentiPct: null, maxHumidityCentiPct: null, sumHumidityCentiPct: 0, humidityCount: 0 });
  });

  it('chart a year from rollups and an hour from raw rows', () => {
    expect(chartResolution(0, 365 * 24 * HOUR_MS, 1000)).toEqual({ source: 'rollups', bucketMs: 9 * HOUR_MS });
    expect(chartResolution(0, HOUR_MS, 600).source).toBe('raw');
  });
});
