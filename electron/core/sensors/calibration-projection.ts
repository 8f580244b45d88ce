import type BetterSqlite3 from 'better-sqlite3';
import { calibrationRows, type CalibrationEventsRow } from '../../../domain/sensors/rows';
import { isSkipped } from '../../../domain/sync/rows';
import type { Logger } from '../logger';

/** Writes the rows of a batch of calibration events (from the domain's mapping); an event already there (same id) is skipped. */
export class CalibrationProjection {
  private readonly insert: BetterSqlite3.Statement<[CalibrationEventsRow]>;

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly log: Logger,
  ) {
    this.insert = sqlite.prepare(
      `INSERT OR IGNORE INTO calibration_events (id, sensor_id, device_serial, channel, offset_centi_c, previous_offset_centi_c, at_ms, due_ms, actor_name, note)
       VALUES (@id, @sensor_id, @device_serial, @channel, @offset_centi_c, @previous_offset_centi_c, @at_ms, @due_ms, @actor_name, @note)`,
    );
  }

  project(docName: string, batch: Uint8Array): void {
    const rows = calibrationRows(batch);
    if (isSkipped(rows)) {
      this.log.warn({ docName, err: rows.skipped }, 'skipped a damaged batch of calibration events');
      return;
    }
    for (const row of rows.calibrationEvents) this.insert.run(row);
  }
}
