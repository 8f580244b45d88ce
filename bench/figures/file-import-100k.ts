import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { readingSourceCode } from '../../domain/readings/reading-source';
import { formatPlainCsv } from '../../domain/readings/import/plain-export';
import { openDatabase } from '../../electron/core/db/open-database';
import type { Engine } from '../../electron/core/engine';
import { importReadingsFile } from '../../electron/core/readings/import-readings';
import { openTestEngine, setUpOrganization } from '../../electron/core/testing/test-engine';
import { figureResult, type Bench, type Figure } from '../figure';
import { median } from '../measure';
import { coolerLogTenths, MINUTE_MS } from '../fixtures/temperature-log';

const READINGS = 100_000;
/** 2026-01-01 00:00 UTC: the file spans three months, in New York's wall clock with its offset. */
const START_MS = Date.UTC(2026, 0, 1);
const TIME_ZONE = 'America/New_York';
const WARMUP = 1;
const ITERATIONS = 7;

/**
 * 100,000 one-minute readings in OpsFlow's plain CSV (time with offset, temperature, humidity),
 * imported by `importReadingsFile` into a fresh engine: the file read and checked row by row
 * (csv-parse, ISO times, exact decimals, duplicate times), a new sensor, storeReadings (calibrate,
 * dedupe, judge, monthly batches, projected rows and rollups) and the audit entry. The reference
 * is the least any import does: csv-parse of the same text, Date.parse and Number of each field,
 * and prepared INSERTs of the rows into a fresh database with the same `readings` table, in one
 * transaction. readings/s, so the ratio is the engine's rate over the raw rate (higher is better).
 */
export const fileImport100k: Figure = {
  name: 'file-import-100k',
  description: 'readings.import of a 100,000-row plain CSV into a fresh engine vs csv-parse + Date.parse + raw prepared INSERTs of the same rows (readings/s: ratio = engine rate / raw rate)',
  async run(bench: Bench) {
    const tenths = coolerLogTenths(READINGS);
    const atMs = Array.from({ length: READINGS }, (_, i) => START_MS + i * MINUTE_MS);
    const csv = formatPlainCsv({ atMs, tempCentiC: Array.from(tenths, (t) => t * 10), humidityCentiPct: atMs.map((_, i) => 4000 + (i % 1500)) }, TIME_ZONE);
    bench.note(`  ${READINGS.toLocaleString('en')} rows, ${(csv.length / 1e6).toFixed(1)} MB of CSV`);

    let readingsDdl = '';
    const samples = { value: [] as number[], reference: [] as number[] };
    for (let i = 0; i < WARMUP + ITERATIONS; i++) {
      // The engine: a fresh one each time (an import into readings already stored only dedupes).
      const engine: Engine = await openTestEngine({ dataDir: bench.workDir('file-import') });
      await setUpOrganization(engine);
      const ctx = engine.context;
      let start = performance.now();
      const result = importReadingsFile(ctx, ctx.audit, { text: csv, fileName: 'cooler.csv', sensorName: 'Walk-in cooler', locationId: ctx.identity()!.homeLocationId, skipBad: false }, { id: null, name: 'bench' });
      const engineMs = performance.now() - start;
      const stored = ctx.sqlite.prepare('SELECT COUNT(*) FROM readings').pluck().get();
      readingsDdl = ctx.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'readings'").pluck().get() as string;
      engine.close();
      if (result.added !== READINGS || stored !== READINGS) throw new Error(`the engine stored ${String(stored)} readings, not ${READINGS}`);

      const raw = openDatabase(join(bench.workDir('file-import-raw'), 'raw.sqlite'));
      raw.sqlite.exec(readingsDdl);
      const insert = raw.sqlite.prepare('INSERT INTO readings (sensor_id, at_ms, temp_centi_c, raw_centi_c, source, humidity_centi_pct) VALUES (?, ?, ?, ?, ?, ?)');
      const source = readingSourceCode('import');
      const sensorId = `s-${'0'.repeat(32)}`;
      start = performance.now();
      const rows = parse(csv, { from_line: 2 }) as string[][];
      raw.sqlite.transaction(() => {
        for (const [time, temp, humidity] of rows) {
          const t = Math.round(Number(temp) * 100);
          insert.run(sensorId, Date.parse(time!), t, t, source, Math.round(Number(humidity) * 100));
        }
      })();
      const rawMs = performance.now() - start;
      const rawCount = raw.sqlite.prepare('SELECT COUNT(*) FROM readings').pluck().get();
      raw.sqlite.close();
      if (rawCount !== READINGS) throw new Error(`the reference stored ${String(rawCount)} rows`);
      if (i >= WARMUP) {
        samples.value.push(engineMs);
        samples.reference.push(rawMs);
      }
    }
    const engineMs = median(samples.value);
    const rawMs = median(samples.reference);
    bench.note(`  engine ${engineMs.toFixed(0)} ms, csv-parse + raw INSERTs ${rawMs.toFixed(0)} ms per 100k (median of ${ITERATIONS})`);
    return [figureResult('file-import-100k', 'readings/s', READINGS / (engineMs / 1000), READINGS / (rawMs / 1000))];
  },
};
