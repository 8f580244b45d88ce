import { v7 as uuidv7 } from 'uuid';
import * as Y from 'yjs';
import type { ChecklistTemplateView, templateInput } from '../../../domain/contract/checklists';
import { OpsFlowError } from '../../../domain/errors';
import { CHECKLIST_OPS_MAP, type ChecklistItem, type ChecklistKind, type ChecklistTemplateRecord } from '../../../domain/haccp/checklist-templates';
import { opsDocName } from '../../../domain/sync/doc-names';
import type { z } from 'zod';
import type { Store } from '../store';
import type { ChecklistTemplatesRow } from '../../../domain/haccp/checklist-rows';

export function templateNotFound(): OpsFlowError {
  return new OpsFlowError('NOT_FOUND', 'That checklist does not exist at this location.');
}

export function templateRow(store: Store, locationId: string, templateId: string): ChecklistTemplatesRow | undefined {
  return store.q.first(store.db.selectFrom('checklist_templates').selectAll().where('id', '=', templateId).where('location_id', '=', locationId));
}

export function templateRows(store: Store, locationId: string): ChecklistTemplatesRow[] {
  return store.q.all(store.db.selectFrom('checklist_templates').selectAll().where('location_id', '=', locationId).orderBy('name').orderBy('id'));
}

export function templateView(row: ChecklistTemplatesRow): ChecklistTemplateView {
  return {
    id: row.id,
    locationId: row.location_id,
    name: row.name,
    kind: row.kind as ChecklistKind,
    items: JSON.parse(row.items_json) as ChecklistItem[],
    schedule: JSON.parse(row.schedule_json),
    active: row.active === 1,
    createdAtMs: row.created_at_ms,
  };
}

/**
 * Creates or replaces a template in the location's ops document (mutable state, last writer wins
 * per field). New items get their ids here; the records already made keep their own copy.
 */
export function saveTemplate(store: Store, tenantId: string, locationId: string, id: string, input: z.output<typeof templateInput>): void {
  const existing = templateRow(store, locationId, id);
  const items = input.items.map((item) => ({ ...item, id: item.id ?? `i-${uuidv7()}` })) as ChecklistItem[];
  if (new Set(items.map((i) => i.id)).size !== items.length) throw new OpsFlowError('BAD_INPUT', 'Two items of the checklist have the same id.');
  const record: ChecklistTemplateRecord = {
    name: input.name,
    kind: input.kind,
    items,
    schedule: input.schedule,
    active: input.active,
    createdAtMs: existing?.created_at_ms ?? store.now(),
  };
  store.docs.change(opsDocName(tenantId, locationId), (doc) => {
    const map = doc.getMap(CHECKLIST_OPS_MAP);
    const current = map.get(id);
    if (current instanceof Y.Map) for (const [k, v] of Object.entries(record)) current.set(k, v);
    else map.set(id, new Y.Map<unknown>(Object.entries(record)));
  });
}

export function newTemplateId(): string {
  return uuidv7();
}
