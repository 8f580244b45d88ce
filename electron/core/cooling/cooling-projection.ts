import type { CoolingEventsRow } from '../../../domain/haccp/checklist-rows';
import { coolingEventRows } from '../../../domain/haccp/checklist-rows';
import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import { isSkipped } from '../../../domain/sync/rows';
import type { FactKind } from '../feature-module';
import type { Store } from '../store';

/** Cooling log entries are facts: an entry already there (same id) stays as it is; a damaged batch is skipped whole. */
export function coolingFactKind({ sqlite, log }: Store): FactKind {
  const insert = sqlite.prepare<[CoolingEventsRow]>(
    `INSERT OR IGNORE INTO cooling_events (id, location_id, log_id, type, at_ms, actor_id, actor_name, process, food, temp_centi_c, sensor_id, action, note)
     VALUES (@id, @location_id, @log_id, @type, @at_ms, @actor_id, @actor_name, @process, @food, @temp_centi_c, @sensor_id, @action, @note)`,
  );
  return {
    kind: BATCH_KIND.coolingEvents,
    changes: 'cooling',
    project(docName, batch) {
      const rows = coolingEventRows(docName, batch);
      if (isSkipped(rows)) return log.warn({ docName, err: rows.skipped }, 'skipped a damaged batch of cooling log entries');
      for (const row of rows.coolingEvents) insert.run(row);
    },
  };
}
