import { parseDocName } from '../sync/doc-names';
import { decodedOrSkipped, logDocLocation, skippedFor, type Skipped } from '../sync/rows';
import { decodeCompletionBatch, decodeSignoffBatch } from './checklist-facts';
import { checklistTemplateRecord } from './checklist-templates';
import { decodeCoolingBatch } from './cooling-facts';

/** Rows of the checklist and cooling tables, projected from a location's ops and log documents (see ../sync/rows.ts). */
export interface ChecklistTemplatesRow {
  id: string;
  location_id: string;
  name: string;
  kind: string;
  items_json: string;
  schedule_json: string;
  /** 1 or 0. */
  active: number;
  created_at_ms: number;
}

export interface ChecklistCompletionsRow {
  id: string;
  location_id: string;
  template_id: string;
  template_name: string;
  kind: string;
  day: string;
  slot: number;
  slot_label: string;
  opens_at_ms: number;
  due_at_ms: number;
  completed_at_ms: number;
  actor_id: string | null;
  actor_name: string;
  amends: string | null;
  failed_items: number;
  /** The items as they were and the judged answers, exactly as in the fact. */
  items_json: string;
  answers_json: string;
  note: string;
}

export interface ChecklistSignoffsRow {
  id: string;
  location_id: string;
  completion_id: string;
  at_ms: number;
  actor_id: string | null;
  actor_name: string;
  note: string;
}

/** Every entry of a cooling or reheating log, whatever its type; columns another type has no use for are null. */
export interface CoolingEventsRow {
  id: string;
  location_id: string;
  log_id: string;
  type: string;
  at_ms: number;
  actor_id: string | null;
  actor_name: string;
  process: string | null;
  food: string | null;
  temp_centi_c: number | null;
  sensor_id: string | null;
  action: string | null;
  note: string | null;
}

/** A template record (key: its id) in a location's ops document is one row of `checklist_templates`. */
export function checklistTemplateRows(docName: string, key: string, value: unknown): { template: ChecklistTemplatesRow } | Skipped {
  const doc = parseDocName(docName);
  if (doc?.kind !== 'ops') return { skipped: `${docName} is not a location's ops document` };
  const parsed = checklistTemplateRecord.safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  const r = parsed.data;
  return {
    template: {
      id: key,
      location_id: doc.locationId,
      name: r.name,
      kind: r.kind,
      items_json: JSON.stringify(r.items),
      schedule_json: JSON.stringify(r.schedule),
      active: r.active ? 1 : 0,
      created_at_ms: r.createdAtMs,
    },
  };
}


export function checklistCompletionRows(docName: string, batch: Uint8Array): { completions: ChecklistCompletionsRow[] } | Skipped {
  const locationId = logDocLocation(docName);
  if (typeof locationId !== 'string') return locationId;
  const facts = decodedOrSkipped(() => decodeCompletionBatch(batch));
  if (!Array.isArray(facts)) return facts;
  return {
    completions: facts.map((f) => ({
      id: f.id,
      location_id: locationId,
      template_id: f.templateId,
      template_name: f.templateName,
      kind: f.kind,
      day: f.day,
      slot: f.slot,
      slot_label: f.slotLabel,
      opens_at_ms: f.opensAtMs,
      due_at_ms: f.dueAtMs,
      completed_at_ms: f.completedAtMs,
      actor_id: f.actorId,
      actor_name: f.actorName,
      amends: f.amends,
      failed_items: f.answers.filter((a) => !a.ok).length,
      items_json: JSON.stringify(f.items),
      answers_json: JSON.stringify(f.answers),
      note: f.note,
    })),
  };
}

export function checklistSignoffRows(docName: string, batch: Uint8Array): { signoffs: ChecklistSignoffsRow[] } | Skipped {
  const locationId = logDocLocation(docName);
  if (typeof locationId !== 'string') return locationId;
  const facts = decodedOrSkipped(() => decodeSignoffBatch(batch));
  if (!Array.isArray(facts)) return facts;
  return { signoffs: facts.map((f) => ({ id: f.id, location_id: locationId, completion_id: f.completionId, at_ms: f.atMs, actor_id: f.actorId, actor_name: f.actorName, note: f.note })) };
}

export function coolingEventRows(docName: string, batch: Uint8Array): { coolingEvents: CoolingEventsRow[] } | Skipped {
  const locationId = logDocLocation(docName);
  if (typeof locationId !== 'string') return locationId;
  const facts = decodedOrSkipped(() => decodeCoolingBatch(batch));
  if (!Array.isArray(facts)) return facts;
  return {
    coolingEvents: facts.map((f) => ({
      id: f.id,
      location_id: locationId,
      log_id: f.logId,
      type: f.type,
      at_ms: f.atMs,
      actor_id: f.actorId,
      actor_name: f.actorName,
      process: f.type === 'start' ? f.process : null,
      food: f.type === 'start' ? f.food : null,
      temp_centi_c: f.type === 'reading' ? f.tempCentiC : null,
      sensor_id: f.type === 'reading' ? f.sensorId : null,
      action: f.type === 'action' ? f.action : null,
      note: f.type === 'action' ? f.note : null,
    })),
  };
}
