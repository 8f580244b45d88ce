import type BetterSqlite3 from 'better-sqlite3';
import { decodeCalibrationBatch } from '../../../domain/sensors/calibration-batch';
import type { Logger } from '../logger';

/** Writes the rows of a batch of calibration events; an event already there (same id) is skipped. */
export class CalibrationProjection {
  private readonly insert: BetterSqlite3.Statement<[string, string, string, string, number, number, number, number | null, string, string]>;

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly log: Logger,
  ) {
    this.insert = sqlite.prepare(
      `INSERT OR IGNORE INTO calibration_events (id, sensor_id, device_serial, channel, offset_centi_c, previous_offset_centi_c, at_ms, due_ms, actor_name, note)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
  }

  project(docName: string, batch: Uint8Array): void {
    let facts;
    try {
      facts = decodeCalibrationBatch(batch);
    } catch (err) {
      this.log.warn({ docName, err: (err as Error).message }, 'skipped a damaged batch of calibration events');
      return;
    }
    for (const f of facts) {
      this.insert.run(f.id, f.sensorId, f.deviceSerial, f.channel, f.offsetCentiC, f.previousOffsetCentiC, f.atMs, f.dueMs, f.actorName, f.note);
    }
  }
}
