import type BetterSqlite3 from 'better-sqlite3';
import { decodeReadingsBatch } from '../../../domain/readings/readings-batch';
import { readingSourceCode } from '../../../domain/readings/reading-source';
import { rollUpByHour } from '../../../domain/readings/rollups';
import type { Logger } from '../logger';

/**
 * Writes the rows of a readings batch and folds the new ones into the hourly rollups, in the
 * transaction of the document change. This is the hot bulk path (a download is 100,000 rows), so it
 * uses two prepared statements rather than building a query per row.
 */
export class ReadingsProjection {
  private readonly insertReading: BetterSqlite3.Statement<[string, number, number, number, number]>;
  private readonly upsertRollup: BetterSqlite3.Statement<[string, number, number, number, number, number]>;

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly log: Logger,
  ) {
    this.insertReading = sqlite.prepare('INSERT OR IGNORE INTO readings (sensor_id, at_ms, temp_centi_c, raw_centi_c, source) VALUES (?, ?, ?, ?, ?)');
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
    const newAt: number[] = [];
    const newTemp: number[] = [];
    for (let i = 0; i < atMs.length; i++) {
      if (this.insertReading.run(sensorId, atMs[i]!, tempCentiC[i]!, rawCentiC[i]!, source).changes === 1) {
        newAt.push(atMs[i]!);
        newTemp.push(tempCentiC[i]!);
      }
    }
    for (const r of rollUpByHour(newAt, newTemp)) this.upsertRollup.run(sensorId, r.hourMs, r.minCentiC, r.maxCentiC, r.sumCentiC, r.count);
    return newAt.length;
  }
}
