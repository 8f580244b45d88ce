import type { ChecklistCompletionsRow, ChecklistSignoffsRow } from '../../../domain/haccp/checklist-rows';
import { checklistCompletionRows, checklistSignoffRows, checklistTemplateRows } from '../../../domain/haccp/checklist-rows';
import { CHECKLIST_OPS_MAP } from '../../../domain/haccp/checklist-templates';
import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import { isSkipped } from '../../../domain/sync/rows';
import type { FactKind } from '../feature-module';
import type { Store } from '../store';
import type { MapProjection } from '../sync/projection-registry';

/** The templates map of a location's ops document into `checklist_templates`. */
export function templatesProjection({ q, db, log }: Store): MapProjection {
  return {
    docKind: 'ops',
    map: CHECKLIST_OPS_MAP,
    changes: 'checklists',
    apply({ docName, key, value }) {
      const rows = checklistTemplateRows(docName, key, value);
      if (isSkipped(rows)) {
        log.warn({ templateId: key, reason: rows.skipped }, 'skipped a malformed checklist template');
        return;
      }
      const { id: _id, ...row } = rows.template;
      q.run(db.insertInto('checklist_templates').values(rows.template).onConflict((oc) => oc.column('id').doUpdateSet(row)));
    },
  };
}

/** Completions and sign-offs are facts: a row already there (same id) stays as it is; a damaged batch is skipped whole. */
export function checklistFactKinds({ sqlite, log }: Store): FactKind[] {
  const completion = sqlite.prepare<[ChecklistCompletionsRow]>(
    `INSERT OR IGNORE INTO checklist_completions (id, location_id, template_id, template_name, kind, day, slot, slot_label, opens_at_ms, due_at_ms, completed_at_ms, actor_id, actor_name, amends, failed_items, items_json, answers_json, note)
     VALUES (@id, @location_id, @template_id, @template_name, @kind, @day, @slot, @slot_label, @opens_at_ms, @due_at_ms, @completed_at_ms, @actor_id, @actor_name, @amends, @failed_items, @items_json, @answers_json, @note)`,
  );
  const signoff = sqlite.prepare<[ChecklistSignoffsRow]>(
    `INSERT OR IGNORE INTO checklist_signoffs (id, location_id, completion_id, at_ms, actor_id, actor_name, note)
     VALUES (@id, @location_id, @completion_id, @at_ms, @actor_id, @actor_name, @note)`,
  );
  return [
    {
      kind: BATCH_KIND.checklistCompletions,
      changes: 'checklists',
      project(docName, batch) {
        const rows = checklistCompletionRows(docName, batch);
        if (isSkipped(rows)) return log.warn({ docName, err: rows.skipped }, 'skipped a damaged batch of checklist completions');
        for (const row of rows.completions) completion.run(row);
      },
    },
    {
      kind: BATCH_KIND.checklistSignoffs,
      changes: 'checklists',
      project(docName, batch) {
        const rows = checklistSignoffRows(docName, batch);
        if (isSkipped(rows)) return log.warn({ docName, err: rows.skipped }, 'skipped a damaged batch of checklist sign-offs');
        for (const row of rows.signoffs) signoff.run(row);
      },
    },
  ];
}
