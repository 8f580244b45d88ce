import { v7 as uuidv7 } from 'uuid';
import type { ChecklistRecordView, ChecklistSignoffView } from '../../../domain/contract/checklists';
import { OpsFlowError } from '../../../domain/errors';
import type { JudgedAnswer } from '../../../domain/haccp/checklist-answers';
import { encodeCompletionBatch, encodeSignoffBatch, type ChecklistCompletionFact, type ChecklistSignoffFact } from '../../../domain/haccp/checklist-facts';
import type { ChecklistCompletionsRow, ChecklistSignoffsRow } from '../../../domain/haccp/checklist-rows';
import type { ChecklistItem } from '../../../domain/haccp/checklist-templates';
import { logDocName } from '../../../domain/sync/doc-names';
import type { Store } from '../store';
import { appendFactBatch } from '../sync/fact-batches';

export function recordNotFound(): OpsFlowError {
  return new OpsFlowError('NOT_FOUND', 'That checklist record does not exist at this location.');
}

/** Sets one fact batch, once, into the month's log document of the location. */
function appendFact(store: Store, tenantId: string, locationId: string, atMs: number, batch: Uint8Array): void {
  store.docs.change(logDocName(tenantId, locationId, atMs), (doc) => {
    appendFactBatch(doc, batch);
  });
}

export function recordCompletion(store: Store, tenantId: string, locationId: string, fact: ChecklistCompletionFact): void {
  appendFact(store, tenantId, locationId, fact.completedAtMs, encodeCompletionBatch([fact]));
}

export function recordSignoff(store: Store, tenantId: string, locationId: string, fact: ChecklistSignoffFact): void {
  appendFact(store, tenantId, locationId, fact.atMs, encodeSignoffBatch([fact]));
}

export function newFactId(): string {
  return uuidv7();
}

export function completionRow(store: Store, locationId: string, completionId: string): ChecklistCompletionsRow | undefined {
  return store.q.first(store.db.selectFrom('checklist_completions').selectAll().where('id', '=', completionId).where('location_id', '=', locationId));
}

/** The earliest sign-off of a record: two managers signing offline at once both leave a fact; the first one counts. */
export function signoffOf(store: Store, completionId: string): ChecklistSignoffsRow | undefined {
  return store.q.first(store.db.selectFrom('checklist_signoffs').selectAll().where('completion_id', '=', completionId).orderBy('at_ms').orderBy('id'));
}

/** The record that corrects this one, if any. */
export function amendmentOf(store: Store, completionId: string): ChecklistCompletionsRow | undefined {
  return store.q.first(store.db.selectFrom('checklist_completions').selectAll().where('amends', '=', completionId).orderBy('completed_at_ms').orderBy('id'));
}

/** The records of the occurrences of some days at a location, oldest first. */
export function completionRowsOfDays(store: Store, locationId: string, days: string[]): ChecklistCompletionsRow[] {
  if (days.length === 0) return [];
  return store.q.all(
    store.db.selectFrom('checklist_completions').selectAll().where('location_id', '=', locationId).where('day', 'in', days).orderBy('completed_at_ms').orderBy('id'),
  );
}

export function signoffView(row: ChecklistSignoffsRow | undefined): ChecklistSignoffView | null {
  return row ? { id: row.id, atMs: row.at_ms, actorName: row.actor_name, note: row.note } : null;
}

export function recordView(store: Store, row: ChecklistCompletionsRow): ChecklistRecordView {
  return {
    id: row.id,
    completedAtMs: row.completed_at_ms,
    actorName: row.actor_name,
    items: JSON.parse(row.items_json) as ChecklistItem[],
    answers: JSON.parse(row.answers_json) as JudgedAnswer[],
    failedItems: row.failed_items,
    note: row.note,
    amends: row.amends,
    signoff: signoffView(signoffOf(store, row.id)),
  };
}
