import { DEFAULT_LIMITS, isInRange } from '../../domain/haccp/limits';
import { isExcursion } from '../../domain/haccp/excursions';
import { verdictFlags } from '../../domain/haccp/verdict';
import { ExcursionRuns } from '../../electron/core/haccp/excursion-runs';
import { ensureSensor } from '../../electron/core/sensors/sensors';
import { openTestEngine, setUpOrganization } from '../../electron/core/testing/test-engine';
import { figureResult, type Bench, type Figure } from '../figure';
import { measurePair } from '../measure';
import { coolerLogTenths, MINUTE_MS } from '../fixtures/temperature-log';

const UNITS = 20;
const YEAR_START_MS = Date.UTC(2025, 0, 1);
const READINGS_PER_UNIT = (Date.UTC(2026, 0, 1) - YEAR_START_MS) / MINUTE_MS; // 525,600
const ROWS_PER_INSERT = 100;

/**
 * Excursion detection over a year of one-minute readings for 20 walk-in coolers (10,512,000
 * readings, each stored with its verdict against 5 °C, as the readings seam stores them): the
 * engine's ExcursionRuns re-detecting every sensor's runs from scratch (the whole year is the
 * stretch) and writing them, against one plain SQL scan of the same rows with the same query
 * shape, on the same connection. The readings go straight into the table (not through the
 * documents: the figure is about detection, and 10 M readings through Yjs would take the run).
 * Ratio = detection / scan; target ≤ 1.5×.
 */
export const excursionsYear20: Figure = {
  name: 'excursions-year-20',
  description: `excursion detection over a year of 1-minute readings for ${UNITS} units (${((UNITS * READINGS_PER_UNIT) / 1e6).toFixed(1)} M readings) vs one SQL scan of the same rows (ms; target ≤ 1.5×)`,
  async run(bench: Bench) {
    const engine = await openTestEngine({ dataDir: bench.workDir('excursions-year') });
    try {
      await setUpOrganization(engine);
      const ctx = engine.context;
      const limit = DEFAULT_LIMITS['walk-in-cooler'];
      const inFlags = verdictFlags(limit, true);
      const outFlags = verdictFlags(limit, false);
      const sensorIds: string[] = [];
      const started = performance.now();
      const placeholders = Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?, ?, ?, 1, ?)').join(', ');
      const insertHundred = ctx.sqlite.prepare(`INSERT INTO readings (sensor_id, at_ms, temp_centi_c, raw_centi_c, source, flags) VALUES ${placeholders}`);
      for (let u = 0; u < UNITS; u++) {
        const sensorId = ensureSensor(ctx, { deviceSerial: `EL2025${String(u).padStart(4, '0')}`, deviceFamily: 'elitech', channel: 'internal' }, { name: `Cooler ${u + 1}` });
        sensorIds.push(sensorId);
        const tenths = coolerLogTenths(READINGS_PER_UNIT, 100 + u);
        ctx.sqlite.transaction(() => {
          const row: unknown[] = [];
          for (let i = 0; i < READINGS_PER_UNIT; i++) {
            const centiC = tenths[i]! * 10;
            row.push(sensorId, YEAR_START_MS + i * MINUTE_MS, centiC, centiC, isInRange(centiC, limit) ? inFlags : outFlags);
            if (row.length === ROWS_PER_INSERT * 5) {
              insertHundred.run(row);
              row.length = 0;
            }
          }
          if (row.length > 0) throw new Error('a year of minutes is a whole number of hundreds');
        })();
      }
      ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      bench.note(`  stored ${(UNITS * READINGS_PER_UNIT).toLocaleString('en')} judged readings in ${((performance.now() - started) / 1000).toFixed(1)} s`);

      const runs = new ExcursionRuns(ctx.sqlite);
      const scan = ctx.sqlite.prepare('SELECT at_ms, temp_centi_c, flags FROM readings WHERE sensor_id = ? AND at_ms BETWEEN ? AND ? ORDER BY at_ms').raw();
      let found = 0;
      const detect = () => {
        found = 0;
        ctx.sqlite.transaction(() => {
          for (const id of sensorIds) found += runs.follow(id, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER, true).length;
        })();
      };
      let checksum = 0;
      const reference = () => {
        let sum = 0;
        for (const id of sensorIds) for (const r of scan.iterate(id, Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER) as Iterable<[number, number, number]>) sum += r[1];
        checksum = sum;
      };
      // Also the warm-up: the first pass reads the rows into the page cache for both sides.
      detect();
      const excursions = (ctx.sqlite.prepare('SELECT start_ms AS startMs, end_ms AS endMs, last_out_ms AS lastOutMs FROM haccp_runs').all() as never[]).filter((r) =>
        isExcursion(r, 30),
      ).length;
      bench.note(`  ${found.toLocaleString('en')} out-of-range runs, ${excursions.toLocaleString('en')} of them excursions at a 30-minute delay`);
      const timing = await measurePair(detect, reference, { warmup: 0, iterations: 3 });
      void checksum;
      bench.note(`  detection ${(timing.value.medianMs / 1000).toFixed(2)} s, scan ${(timing.reference.medianMs / 1000).toFixed(2)} s`);
      const result = figureResult('excursions-year-20', 'ms', timing.value.medianMs, timing.reference.medianMs);
      bench.note(`  target ≤ 1.5×: ${result.ratio <= 1.5 ? 'met' : 'NOT met'} (${result.ratio}×)`);
      return [result];
    } finally {
      engine.close();
    }
  },
};
