import type { ChartView, HumiditySummary } from '../../../domain/contract/sensors';
import { chartResolution } from '../../../domain/readings/rollups';
import type { Sqlite } from '../db/open-database';

interface BucketRow {
  b: number;
  mn: number;
  mx: number;
  s: number;
  n: number;
  /** Humidity: NULL minimum and maximum, and 0 counted, where no reading of the bucket has any. */
  hmn: number | null;
  hmx: number | null;
  hs: number;
  hn: number;
}

const ROLLUP_BUCKETS = `SELECT (hour_ms - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b,
         MIN(min_centi_c) AS mn, MAX(max_centi_c) AS mx, SUM(sum_centi_c) AS s, SUM(count) AS n,
         MIN(min_humidity_centi_pct) AS hmn, MAX(max_humidity_centi_pct) AS hmx, SUM(sum_humidity_centi_pct) AS hs, SUM(humidity_count) AS hn
    FROM reading_rollups WHERE sensor_id = ? AND hour_ms >= ? AND hour_ms < ? GROUP BY b ORDER BY b`;

const RAW_BUCKETS = `SELECT (at_ms - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b,
         MIN(temp_centi_c) AS mn, MAX(temp_centi_c) AS mx, SUM(temp_centi_c) AS s, COUNT(*) AS n,
         MIN(humidity_centi_pct) AS hmn, MAX(humidity_centi_pct) AS hmx, TOTAL(humidity_centi_pct) AS hs, COUNT(humidity_centi_pct) AS hn
    FROM readings WHERE sensor_id = ? AND at_ms >= ? AND at_ms < ? GROUP BY b ORDER BY b`;

/**
 * Min/max/avg per pixel bucket, computed in SQL: hourly rollups for coarse buckets (a year is
 * 8,760 rollup rows), raw rows only when zoomed in below an hour per bucket. The renderer never
 * receives more points than buckets. Humidity rides along in the same buckets.
 */
export function chartSeries(sqlite: Sqlite, sensorId: string, fromMs: number, toMs: number, buckets: number): ChartView {
  const { source, bucketMs } = chartResolution(fromMs, toMs, buckets);
  const rows = sqlite.prepare(source === 'rollups' ? ROLLUP_BUCKETS : RAW_BUCKETS).all(fromMs, bucketMs, sensorId, fromMs, toMs) as BucketRow[];
  let mn = Infinity;
  let mx = -Infinity;
  let s = 0;
  let n = 0;
  const humidity = { mn: Infinity, mx: -Infinity, s: 0, n: 0 };
  const points = rows.map((r) => {
    mn = Math.min(mn, r.mn);
    mx = Math.max(mx, r.mx);
    s += r.s;
    n += r.n;
    let bucketHumidity: HumiditySummary | null = null;
    if (r.hn > 0 && r.hmn !== null && r.hmx !== null) {
      bucketHumidity = { minCentiPct: r.hmn, maxCentiPct: r.hmx, avgCentiPct: Math.round(r.hs / r.hn), count: r.hn };
      humidity.mn = Math.min(humidity.mn, r.hmn);
      humidity.mx = Math.max(humidity.mx, r.hmx);
      humidity.s += r.hs;
      humidity.n += r.hn;
    }
    return { atMs: fromMs + r.b * bucketMs, minCentiC: r.mn, maxCentiC: r.mx, avgCentiC: Math.round(r.s / r.n), count: r.n, humidity: bucketHumidity };
  });
  return {
    source,
    bucketMs,
    points,
    stats: n > 0 ? { minCentiC: mn, maxCentiC: mx, avgCentiC: Math.round(s / n), count: n } : null,
    humidityStats:
      humidity.n > 0 ? { minCentiPct: humidity.mn, maxCentiPct: humidity.mx, avgCentiPct: Math.round(humidity.s / humidity.n), count: humidity.n } : null,
  };
}
