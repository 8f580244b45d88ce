import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { decodeElitechBody } from '../../domain/devices/elitech';
import { readingSourceCode } from '../../domain/readings/reading-source';
import { BATCH_KIND, batchKind, FACT_BATCHES_MAP } from '../../domain/sync/fact-batch';
import { openDatabase } from '../../electron/core/db/open-database';
import type { Engine } from '../../electron/core/engine';
import { storeReadings, type RawReading } from '../../electron/core/readings/store-readings';
import { ensureSensor, updateSensor } from '../../electron/core/sensors/sensors';
import { openTestEngine, setUpOrganization } from '../../electron/core/testing/test-engine';
import { figureResult, type Bench, type Figure } from '../figure';
import { median } from '../measure';
import { coolerLogTenths, elitechBodyPages, MINUTE_MS } from '../fixtures/temperature-log';

const PAGE_SIZE = 100; // an RC-4's body page
const PAGES = 1_000;
const READINGS = PAGE_SIZE * PAGES;
/** 2026-01-01 00:00 UTC: 100,000 minutes run to mid-March, so the download files three monthly batches. */
const START_MS = Date.UTC(2026, 0, 1);
/** The sensor reads 0.3 C high: every reading is calibrated, and the raw value is kept beside it. */
const CALIBRATION_OFFSET_CENTI_C = -30;
/** The target for the batch encoding of interval data. */
const BYTES_PER_READING_TARGET = 2;
const WARMUP = 2;
const ITERATIONS = 15;

interface Run {
  /** Untimed: a fresh database, ready for the timed part. */
  prepare(): Promise<void>;
  timed(): void;
  /** Untimed: checks what the timed part stored, then closes. */
  finish(): void;
}

/**
 * Like measurePair (value, reference, value, … interleaved, median), but each run gets a fresh
 * database that is set up and closed outside the timing: an import into a database that already
 * holds the readings would only dedupe them.
 */
async function measureFreshPair(value: Run, reference: Run): Promise<{ valueMs: number; referenceMs: number }> {
  const samples = { value: [] as number[], reference: [] as number[] };
  for (let i = 0; i < WARMUP + ITERATIONS; i++) {
    for (const [side, run] of [['value', value], ['reference', reference]] as const) {
      await run.prepare();
      const start = performance.now();
      run.timed();
      const ms = performance.now() - start;
      run.finish();
      if (i >= WARMUP) samples[side].push(ms);
    }
  }
  return { valueMs: median(samples.value), referenceMs: median(samples.reference) };
}

/** What a download hands to the store: every body page decoded, each record placed one interval after the last. */
function decodePages(pages: readonly Uint8Array[]): RawReading[] {
  const readings: RawReading[] = [];
  for (const page of pages) {
    const values = decodeElitechBody(page, { count: (page.length - 2) / 2, unit: 'C' });
    for (const rawCentiC of values) readings.push({ atMs: START_MS + readings.length * MINUTE_MS, rawCentiC });
  }
  return readings;
}

/**
 * 100,000 one-minute readings from 1,000 Elitech body pages: decode + calibrate + dedupe + one
 * packed batch per month set into the monthly log documents + projected rows and hourly rollups,
 * all through `storeReadings` into a fresh engine with the sensor already known; against plain
 * better-sqlite3 prepared INSERTs of the same 100,000 rows into a fresh database with the same
 * `readings` table and pragmas, in one transaction. The value is readings per second, so here
 * the ratio is the engine's rate over the raw rate (higher is better; the issue asks ≥ 0.75).
 * `.bytes-per-reading` is the stored batches' size over the readings, against the 2-byte target.
 */
export const loggerImport100k: Figure = {
  name: 'logger-import-100k',
  description:
    'storeReadings of 100,000 readings decoded from 1,000 Elitech pages into a fresh engine vs raw prepared INSERTs of the same rows in one transaction (readings/s: ratio = engine rate / raw rate, target ≥ 0.75); .bytes-per-reading = packed batch bytes per reading vs the 2 B target (ratio ≤ 1 meets it)',
  async run(bench: Bench) {
    const pages = elitechBodyPages(coolerLogTenths(READINGS), PAGE_SIZE);
    const rows = decodePages(pages);
    const temps = rows.map((r) => r.rawCentiC + CALIBRATION_OFFSET_CENTI_C);
    const belowZero = temps.filter((t) => t < 0).length;
    const [coldest, warmest] = temps.reduce(([lo, hi], t) => [Math.min(lo, t), Math.max(hi, t)], [Infinity, -Infinity]);
    bench.note(`  ${READINGS.toLocaleString('en')} readings (calibrated) from ${(coldest / 100).toFixed(1)} to ${(warmest / 100).toFixed(1)} C, ${belowZero.toLocaleString('en')} below zero`);

    let readingsDdl = '';
    let batchBytes = 0;
    let batches = 0;
    let logUpdateBytes = 0;

    let engine: Engine | null = null;
    let sensorId = '';
    let added = 0;
    /** The last y_updates row before the import: the import's own Yjs updates come after it. */
    let seqBefore = 0;
    const engineRun: Run = {
      async prepare() {
        engine = await openTestEngine({ dataDir: bench.workDir('logger-import') });
        await setUpOrganization(engine);
        sensorId = ensureSensor(engine.context, { deviceSerial: 'EL20260001', deviceFamily: 'elitech', channel: 'internal' }, { name: 'Walk-in cooler' });
        updateSensor(engine.context, sensorId, { calibrationOffsetCentiC: CALIBRATION_OFFSET_CENTI_C });
        seqBefore = engine.context.sqlite.prepare('SELECT COALESCE(MAX(seq), 0) FROM y_updates').pluck().get() as number;
      },
      timed() {
        added = storeReadings(engine!.context, sensorId, 'download', decodePages(pages)).added;
      },
      finish() {
        const ctx = engine!.context;
        try {
          if (added !== READINGS) throw new Error(`the engine stored ${added} new readings, not ${READINGS}`);
          const stored = ctx.sqlite.prepare('SELECT COUNT(*) AS n, SUM(temp_centi_c) AS t, SUM(raw_centi_c - temp_centi_c) AS off FROM readings WHERE sensor_id = ?').get(sensorId) as {
            n: number;
            t: number;
            off: number;
          };
          const expectedSum = temps.reduce((s, t) => s + t, 0);
          if (stored.n !== READINGS || stored.t !== expectedSum || stored.off !== -CALIBRATION_OFFSET_CENTI_C * READINGS) {
            throw new Error(`the engine's rows do not match the decoded log: ${JSON.stringify(stored)}`);
          }
          const rollups = ctx.sqlite.prepare('SELECT SUM(count) FROM reading_rollups WHERE sensor_id = ?').pluck().get(sensorId);
          if (rollups !== READINGS) throw new Error(`the hourly rollups count ${String(rollups)} readings, not ${READINGS}`);
          readingsDdl = ctx.sqlite.prepare("SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'readings'").pluck().get() as string;
          // What the import wrote to the update log, and the readings batches now in the log documents.
          const written = ctx.sqlite.prepare('SELECT doc, length("update") AS bytes FROM y_updates WHERE seq > ?').all(seqBefore) as { doc: string; bytes: number }[];
          batchBytes = 0;
          batches = 0;
          logUpdateBytes = 0;
          for (const { bytes } of written) logUpdateBytes += bytes;
          for (const doc of new Set(written.map((w) => w.doc))) {
            for (const batch of ctx.docs.get(doc).getMap<Uint8Array>(FACT_BATCHES_MAP).values()) {
              if (batchKind(batch) !== BATCH_KIND.readings) continue;
              batchBytes += batch.length;
              batches += 1;
            }
          }
        } finally {
          engine!.close();
          engine = null;
        }
      },
    };

    // The same rows the engine stores: the "same rows", with the engine's sensor id length.
    const rawSensorId = `s-${'0'.repeat(32)}`;
    const source = readingSourceCode('download');
    let raw: ReturnType<typeof openDatabase> | null = null;
    let insert: BetterSqlite3.Statement | null = null;
    const referenceRun: Run = {
      async prepare() {
        if (!readingsDdl) throw new Error('the engine side runs first and supplies the readings table schema');
        // openDatabase: the engine's own pragmas (WAL, synchronous NORMAL).
        raw = openDatabase(join(bench.workDir('logger-import-raw'), 'raw.sqlite'));
        raw.sqlite.exec(readingsDdl);
        insert = raw.sqlite.prepare('INSERT INTO readings (sensor_id, at_ms, temp_centi_c, raw_centi_c, source) VALUES (?, ?, ?, ?, ?)');
      },
      timed() {
        const stmt = insert!;
        raw!.sqlite.transaction(() => {
          for (let i = 0; i < rows.length; i++) stmt.run(rawSensorId, rows[i]!.atMs, temps[i]!, rows[i]!.rawCentiC, source);
        })();
      },
      finish() {
        try {
          const n = raw!.sqlite.prepare('SELECT COUNT(*) FROM readings').pluck().get();
          if (n !== READINGS) throw new Error(`the reference stored ${String(n)} rows`);
        } finally {
          raw!.sqlite.close();
          raw = null;
        }
      },
    };

    const timing = await measureFreshPair(engineRun, referenceRun);
    const engineRate = READINGS / (timing.valueMs / 1000);
    const rawRate = READINGS / (timing.referenceMs / 1000);
    bench.note(
      `  engine ${timing.valueMs.toFixed(0)} ms, raw INSERTs ${timing.referenceMs.toFixed(0)} ms per 100k (median of ${ITERATIONS}); ` +
        `${batches} monthly readings batches, ${batchBytes.toLocaleString('en')} B (the import's Yjs updates in y_updates: ${logUpdateBytes.toLocaleString('en')} B)`,
    );
    const ratio = engineRate / rawRate;
    bench.note(`  target ≥ 0.75× the raw rate: ${ratio >= 0.75 ? 'met' : 'NOT met'} (${ratio.toFixed(2)}×); ≤ ${BYTES_PER_READING_TARGET} B per reading: ${batchBytes / READINGS <= BYTES_PER_READING_TARGET ? 'met' : 'NOT met'}`);
    return [
      figureResult('logger-import-100k', 'readings/s', engineRate, rawRate),
      figureResult('logger-import-100k.bytes-per-reading', 'B/reading', batchBytes / READINGS, BYTES_PER_READING_TARGET),
    ];
  },
};
