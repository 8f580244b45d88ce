import type { CorrectiveActionsRow, CorrectiveSignoffsRow } from '../../../domain/haccp/corrective-rows';
import { correctiveActionRows, correctiveSignoffRows } from '../../../domain/haccp/corrective-rows';
import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import { isSkipped } from '../../../domain/sync/rows';
import type { FactKind } from '../feature-module';
import type { Store } from '../store';

/** Corrective actions and sign-offs are facts: a row already there (same id) stays as it is; a damaged batch is skipped whole. */
export function correctiveFactKinds({ sqlite, log }: Store): FactKind[] {
  const action = sqlite.prepare<[CorrectiveActionsRow]>(
    `INSERT OR IGNORE INTO corrective_actions (id, location_id, sensor_id, excursion_start_ms, unit_name, cause, action, quantity_amount, quantity_unit, disposition, note, at_ms, actor_id, actor_name, amends)
     VALUES (@id, @location_id, @sensor_id, @excursion_start_ms, @unit_name, @cause, @action, @quantity_amount, @quantity_unit, @disposition, @note, @at_ms, @actor_id, @actor_name, @amends)`,
  );
  const signoff = sqlite.prepare<[CorrectiveSignoffsRow]>(
    `INSERT OR IGNORE INTO corrective_signoffs (id, location_id, action_id, at_ms, actor_id, actor_name, note)
     VALUES (@id, @location_id, @action_id, @at_ms, @actor_id, @actor_name, @note)`,
  );
  return [
    {
      kind: BATCH_KIND.correctiveActions,
      changes: 'correctiveActions',
      project(docName, batch) {
        const rows = correctiveActionRows(docName, batch);
        if (isSkipped(rows)) return log.warn({ docName, err: rows.skipped }, 'skipped a damaged batch of corrective actions');
        for (const row of rows.actions) action.run(row);
      },
    },
    {
      kind: BATCH_KIND.correctiveSignoffs,
      changes: 'correctiveActions',
      project(docName, batch) {
        const rows = correctiveSignoffRows(docName, batch);
        if (isSkipped(rows)) return log.warn({ docName, err: rows.skipped }, 'skipped a damaged batch of corrective action sign-offs');
        for (const row of rows.signoffs) signoff.run(row);
      },
    },
  ];
}
