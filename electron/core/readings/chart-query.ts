import { chartResolution } from '../../../domain/readings/rollups';
import type { Sqlite } from '../db/open-database';

export interface ChartPoint {
  atMs: number;
  minCentiC: number;
  maxCentiC: number;
  avgCentiC: number;
  count: number;
}

export interface ChartSeries {
  source: 'rollups' | 'raw';
  bucketMs: number;
  points: ChartPoint[];
  stats: { minCentiC: number; maxCentiC: number; avgCentiC: number; count: number } | null;
}

interface BucketRow {
  b: number;
  mn: number;
  mx: number;
  s: number;
  n: number;
}

/**
 * Min/max/avg per pixel bucket, computed in SQL: hourly rollups for coarse buckets (a year is
 * 8,760 rollup rows), raw rows only when zoomed in below an hour per bucket. The renderer never
 * receives more points than buckets.
 */
export function chartSeries(sqlite: Sqlite, sensorId: string, fromMs: number, toMs: number, buckets: number): ChartSeries {
  const { source, bucketMs } = chartResolution(fromMs, toMs, buckets);
  const sql =
    source === 'rollups'
      ? `SELECT (hour_ms - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, MIN(min_centi_c) AS mn, MAX(max_centi_c) AS mx, SUM(sum_centi_c) AS s, SUM(count) AS n
           FROM reading_rollups WHERE sensor_id = ? AND hour_ms >= ? AND hour_ms < ? GROUP BY b ORDER BY b`
      : `SELECT (at_ms - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, MIN(temp_centi_c) AS mn, MAX(temp_centi_c) AS mx, SUM(temp_centi_c) AS s, COUNT(*) AS n
           FROM readings WHERE sensor_id = ? AND at_ms >= ? AND at_ms < ? GROUP BY b ORDER BY b`;
  const rows = sqlite.prepare(sql).all(fromMs, bucketMs, sensorId, fromMs, toMs) as BucketRow[];
  let mn = Infinity;
  let mx = -Infinity;
  let s = 0;
  let n = 0;
  const points = rows.map((r) => {
    mn = Math.min(mn, r.mn);
    mx = Math.max(mx, r.mx);
    s += r.s;
    n += r.n;
    return { atMs: fromMs + r.b * bucketMs, minCentiC: r.mn, maxCentiC: r.mx, avgCentiC: Math.round(r.s / r.n), count: r.n };
  });
  return { source, bucketMs, points, stats: n > 0 ? { minCentiC: mn, maxCentiC: mx, avgCentiC: Math.round(s / n), count: n } : null };
}
