import type BetterSqlite3 from 'better-sqlite3';
import { RunDetector, type OutOfRangeRun } from '../../../domain/haccp/excursions';
import { OUT_OF_RANGE_BITS } from '../../../domain/haccp/verdict';

/**
 * Keeps `haccp_runs` up to date as readings are projected, whatever order they arrive in: re-detects
 * only the stretch new readings can change (domain/haccp/excursions.ts, rescanStretch), from the
 * stored readings and their stored verdicts. Runs in the projection's transaction.
 */
export class ExcursionRuns {
  private readonly lastSettledBefore: BetterSqlite3.Statement<[string, number], number>;
  private readonly firstSettledAfter: BetterSqlite3.Statement<[string, number], number>;
  private readonly readingsBetween: BetterSqlite3.Statement<[string, number, number], [number, number, number]>;
  private readonly deleteRuns: BetterSqlite3.Statement<[string, number, number]>;
  private readonly insertRun: BetterSqlite3.Statement<unknown[]>;
  private readonly runTouching: BetterSqlite3.Statement<[string, number, number], number>;

  constructor(sqlite: BetterSqlite3.Database) {
    this.runTouching = sqlite
      .prepare<[string, number, number], number>('SELECT 1 FROM haccp_runs WHERE sensor_id = ? AND start_ms <= ? AND (end_ms IS NULL OR end_ms >= ?) LIMIT 1')
      .pluck();
    const settled = `(flags & ${OUT_OF_RANGE_BITS}) != ${OUT_OF_RANGE_BITS}`;
    this.lastSettledBefore = sqlite
      .prepare<[string, number], number>(`SELECT at_ms FROM readings WHERE sensor_id = ? AND at_ms < ? AND ${settled} ORDER BY at_ms DESC LIMIT 1`)
      .pluck();
    this.firstSettledAfter = sqlite
      .prepare<[string, number], number>(`SELECT at_ms FROM readings WHERE sensor_id = ? AND at_ms > ? AND ${settled} ORDER BY at_ms LIMIT 1`)
      .pluck();
    this.readingsBetween = sqlite
      .prepare<[string, number, number], [number, number, number]>('SELECT at_ms, temp_centi_c, flags FROM readings WHERE sensor_id = ? AND at_ms BETWEEN ? AND ? ORDER BY at_ms')
      .raw();
    this.deleteRuns = sqlite.prepare('DELETE FROM haccp_runs WHERE sensor_id = ? AND start_ms > ? AND start_ms < ?');
    this.insertRun = sqlite.prepare(
      'INSERT INTO haccp_runs (sensor_id, start_ms, end_ms, last_out_ms, peak_centi_c, limit_centi_c, limit_kind, readings) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
    );
  }

  /**
   * Readings of `sensorId` between `fromMs` and `toMs` were just stored: brings its runs up to date.
   * Returns the runs of the stretch re-detected (none when nothing could change: readings all in
   * range, none inside a run, as a day of a healthy fridge is, cost one lookup in the runs).
   */
  follow(sensorId: string, fromMs: number, toMs: number, anyOutOfRange: boolean): OutOfRangeRun[] {
    if (!anyOutOfRange && this.runTouching.get(sensorId, toMs, fromMs) === undefined) return [];
    const afterMs = this.lastSettledBefore.get(sensorId, fromMs) ?? Number.MIN_SAFE_INTEGER;
    const beforeMs = this.firstSettledAfter.get(sensorId, toMs) ?? Number.MAX_SAFE_INTEGER;
    const detector = new RunDetector();
    for (const [atMs, tempCentiC, flags] of this.readingsBetween.iterate(sensorId, afterMs, beforeMs)) detector.push(atMs, tempCentiC, flags);
    const runs = detector.finish();
    this.deleteRuns.run(sensorId, afterMs, beforeMs);
    for (const r of runs) this.insertRun.run(sensorId, r.startMs, r.endMs, r.lastOutMs, r.peakCentiC, r.limitCentiC, r.limitKind, r.readings);
    return runs;
  }
}
