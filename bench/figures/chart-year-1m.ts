import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { chartResolution } from '../../domain/readings/rollups';
import { DB_FILE_NAME } from '../../electron/core/engine';
import type { ChartView } from '../../domain/contract/sensors';
import { chartSeries } from '../../electron/core/readings/chart-query';
import { storeReadings, type RawReading } from '../../electron/core/readings/store-readings';
import { ensureSensor } from '../../electron/core/sensors/sensors';
import { openTestEngine, setUpOrganization } from '../../electron/core/testing/test-engine';
import { figureResult, type Bench, type Figure, type FigureResult } from '../figure';
import { measurePair } from '../measure';
import { coolerLogTenths, MINUTE_MS } from '../fixtures/temperature-log';

const YEAR_START_MS = Date.UTC(2025, 0, 1);
const YEAR_END_MS = Date.UTC(2026, 0, 1);
const READINGS = (YEAR_END_MS - YEAR_START_MS) / MINUTE_MS; // 525,600
const BUCKETS = 1_000;
/** A summer day, for the zoomed-in chart (raw rows). */
const DAY_START_MS = Date.UTC(2025, 6, 15);
const DAY_END_MS = DAY_START_MS + 24 * 60 * MINUTE_MS;

interface ReferenceRow {
  b: number;
  mn: number;
  mx: number;
  avg: number;
  n: number;
}

/** The plain way: every raw row of the range, bucketed by GROUP BY (better-sqlite3 binds numbers as REAL: cast for integer division). */
const GROUP_BY_SCAN = `SELECT (at_ms - CAST(? AS INTEGER)) / CAST(? AS INTEGER) AS b, MIN(temp_centi_c) AS mn, MAX(temp_centi_c) AS mx, AVG(temp_centi_c) AS avg, COUNT(*) AS n
  FROM readings WHERE sensor_id = ? AND at_ms BETWEEN ? AND ? GROUP BY b`;

/** The engine's points must be the reference's buckets, value for value (average rounded as the engine does). */
function checkSame(label: string, series: ChartView, rows: ReferenceRow[], fromMs: number): void {
  const bad = (why: string) => new Error(`${label}: the chart and the GROUP BY scan differ (${why})`);
  if (series.points.length !== rows.length) throw bad(`${series.points.length} points, ${rows.length} buckets`);
  const sorted = [...rows].sort((a, b) => a.b - b.b);
  series.points.forEach((p, i) => {
    const r = sorted[i]!;
    if (p.atMs !== fromMs + r.b * series.bucketMs || p.minCentiC !== r.mn || p.maxCentiC !== r.mx || p.count !== r.n || p.avgCentiC !== Math.round(r.avg)) {
      throw bad(`bucket ${i}: ${JSON.stringify(p)} vs ${JSON.stringify(r)}`);
    }
  });
}

/**
 * A year of one-minute readings of one sensor (525,600), imported month by month through
 * `storeReadings` so the projection keeps the hourly rollups; then `chartSeries` with 1,000
 * buckets over the whole year (read from the rollups) and over one day (raw rows), each against
 * a plain GROUP BY bucket scan of the raw rows with the same bucket width, on a second connection.
 * Both results are checked equal before timing. Ratio = chart time / scan time.
 */
export const chartYear1m: Figure = {
  name: 'chart-year-1m',
  description: `chartSeries over a year of 1-minute readings (525,600), ${BUCKETS} buckets, from rollups (and one day from raw rows, .day) vs a plain GROUP BY bucket scan of the raw rows (ms; target < 20 ms)`,
  async run(bench: Bench) {
    const engine = await openTestEngine({ dataDir: bench.workDir('chart-year') });
    let raw: BetterSqlite3.Database | null = null;
    try {
      await setUpOrganization(engine);
      const ctx = engine.context;
      const sensorId = ensureSensor(ctx, { deviceSerial: 'EL20250001', deviceFamily: 'elitech', channel: 'internal' }, { name: 'Walk-in cooler' });

      const tenths = coolerLogTenths(READINGS, 7);
      const started = performance.now();
      for (let m = 0; m < 12; m++) {
        const fromMs = Date.UTC(2025, m, 1);
        const toMs = Date.UTC(2025, m + 1, 1);
        const month: RawReading[] = [];
        for (let at = fromMs; at < toMs; at += MINUTE_MS) month.push({ atMs: at, rawCentiC: tenths[(at - YEAR_START_MS) / MINUTE_MS]! * 10 });
        const { added } = storeReadings(ctx, sensorId, 'download', month);
        if (added !== month.length) throw new Error(`month ${m + 1}: ${added} of ${month.length} readings stored`);
      }
      const importMs = performance.now() - started;
      const rollups = ctx.sqlite.prepare('SELECT COUNT(*) AS rows, SUM(count) AS readings FROM reading_rollups WHERE sensor_id = ?').get(sensorId) as { rows: number; readings: number };
      if (rollups.readings !== READINGS) throw new Error(`the rollups count ${rollups.readings} readings, not ${READINGS}`);
      bench.note(`  imported ${READINGS.toLocaleString('en')} readings in 12 monthly downloads in ${(importMs / 1000).toFixed(1)} s; ${rollups.rows.toLocaleString('en')} hourly rollups`);
      // As after a restart: everything in the database file, nothing left in the WAL.
      ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');

      raw = new BetterSqlite3(join(ctx.dataDir, DB_FILE_NAME), { readonly: true });
      const scan = raw.prepare(GROUP_BY_SCAN);
      const results: FigureResult[] = [];
      const cases = [
        { name: 'chart-year-1m', fromMs: YEAR_START_MS, toMs: YEAR_END_MS, source: 'rollups', warmup: 3, iterations: 15 },
        { name: 'chart-year-1m.day', fromMs: DAY_START_MS, toMs: DAY_END_MS, source: 'raw', warmup: 20, iterations: 201 },
      ] as const;
      for (const c of cases) {
        const { bucketMs } = chartResolution(c.fromMs, c.toMs, BUCKETS);
        const chart = () => chartSeries(ctx.sqlite, sensorId, c.fromMs, c.toMs, BUCKETS);
        const reference = () => scan.all(c.fromMs, bucketMs, sensorId, c.fromMs, c.toMs - 1) as ReferenceRow[];
        const series = chart();
        if (series.source !== c.source) throw new Error(`${c.name}: the chart read ${series.source}, expected ${c.source}`);
        checkSame(c.name, series, reference(), c.fromMs);
        const timing = await measurePair(chart, reference, { warmup: c.warmup, iterations: c.iterations });
        bench.note(
          `  ${c.name}: ${series.points.length} points of ${bucketMs / MINUTE_MS} min from ${series.source}; chart ${timing.value.medianMs.toFixed(2)} ms, GROUP BY scan ${timing.reference.medianMs.toFixed(2)} ms`,
        );
        results.push(figureResult(c.name, 'ms', timing.value.medianMs, timing.reference.medianMs));
      }
      const year = results[0]!;
      bench.note(`  target < 20 ms for the year: ${year.value < 20 ? 'met' : 'NOT met'} (${year.value} ms)`);
      return results;
    } finally {
      raw?.close();
      engine.close();
    }
  },
};
