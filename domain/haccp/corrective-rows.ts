import { decodedOrSkipped, logDocLocation, type Skipped } from '../sync/rows';
import { decodeCorrectiveActionBatch, decodeCorrectiveSignoffBatch } from './corrective-action-facts';

/** Rows of the corrective action tables, projected from a location's monthly log documents. */
export interface CorrectiveActionsRow {
  id: string;
  location_id: string;
  sensor_id: string;
  excursion_start_ms: number;
  unit_name: string;
  cause: string;
  action: string;
  quantity_amount: number | null;
  quantity_unit: string | null;
  disposition: string;
  note: string;
  at_ms: number;
  actor_id: string | null;
  actor_name: string;
  amends: string | null;
}

export interface CorrectiveSignoffsRow {
  id: string;
  location_id: string;
  action_id: string;
  at_ms: number;
  actor_id: string | null;
  actor_name: string;
  note: string;
}


export function correctiveActionRows(docName: string, batch: Uint8Array): { actions: CorrectiveActionsRow[] } | Skipped {
  const locationId = logDocLocation(docName);
  if (typeof locationId !== 'string') return locationId;
  const facts = decodedOrSkipped(() => decodeCorrectiveActionBatch(batch));
  if (!Array.isArray(facts)) return facts;
  return {
    actions: facts.map((f) => ({
      id: f.id,
      location_id: locationId,
      sensor_id: f.sensorId,
      excursion_start_ms: f.excursionStartMs,
      unit_name: f.unitName,
      cause: f.cause,
      action: f.action,
      quantity_amount: f.quantity?.amount ?? null,
      quantity_unit: f.quantity?.unit ?? null,
      disposition: f.disposition,
      note: f.note,
      at_ms: f.atMs,
      actor_id: f.actorId,
      actor_name: f.actorName,
      amends: f.amends,
    })),
  };
}

export function correctiveSignoffRows(docName: string, batch: Uint8Array): { signoffs: CorrectiveSignoffsRow[] } | Skipped {
  const locationId = logDocLocation(docName);
  if (typeof locationId !== 'string') return locationId;
  const facts = decodedOrSkipped(() => decodeCorrectiveSignoffBatch(batch));
  if (!Array.isArray(facts)) return facts;
  return { signoffs: facts.map((f) => ({ id: f.id, location_id: locationId, action_id: f.actionId, at_ms: f.atMs, actor_id: f.actorId, actor_name: f.actorName, note: f.note })) };
}
