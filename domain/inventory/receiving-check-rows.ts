import { decodedOrSkipped, logDocLocation, type Skipped } from '../sync/rows';
import { decodeReceivingCheckBatch } from './receiving-check';

/** A row of receiving_checks, projected from a location's monthly log documents. */
export interface ReceivingChecksRow {
  id: string;
  location_id: string;
  item_id: string;
  item_name: string;
  supplier_id: string | null;
  holding: string;
  temp_centi_c: number;
  received_frozen: number;
  passed: number;
  decision: string;
  corrective_action: string;
  qty_base: number;
  lot: string;
  movement_id: string | null;
  at_ms: number;
  actor_id: string | null;
  actor_name: string;
}

export function receivingCheckRows(docName: string, batch: Uint8Array): { checks: ReceivingChecksRow[] } | Skipped {
  const locationId = logDocLocation(docName);
  if (typeof locationId !== 'string') return locationId;
  const facts = decodedOrSkipped(() => decodeReceivingCheckBatch(batch));
  if (!Array.isArray(facts)) return facts;
  return {
    checks: facts.map((f) => ({
      id: f.id,
      location_id: locationId,
      item_id: f.itemId,
      item_name: f.itemName,
      supplier_id: f.supplierId,
      holding: f.holding,
      temp_centi_c: f.tempCentiC,
      received_frozen: f.receivedFrozen ? 1 : 0,
      passed: f.passed ? 1 : 0,
      decision: f.decision,
      corrective_action: f.correctiveAction,
      qty_base: f.qtyBase,
      lot: f.lot,
      movement_id: f.movementId,
      at_ms: f.atMs,
      actor_id: f.actorId,
      actor_name: f.actorName,
    })),
  };
}
