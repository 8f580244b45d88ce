import { v7 as uuidv7 } from 'uuid';
import type { ReceivingCheckView } from '../../../domain/contract/inventory';
import type { ReceivingChecksRow } from '../../../domain/inventory/receiving-check-rows';
import { bothScales, encodeReceivingCheckBatch, failureWords, judgeReceiving, type ReceivingCheckFact, type ReceivingMeasurement, type TcsHolding } from '../../../domain/inventory/receiving-check';
import type { ItemView } from '../../../domain/contract/inventory';
import type { MovementFact } from '../../../domain/inventory/movements';
import { logDocName } from '../../../domain/sync/doc-names';
import { OpsFlowError } from '../../../domain/errors';
import type { AuditActor } from '../audit/audit-writer';
import type { Store } from '../store';
import { appendFactBatch } from '../sync/fact-batches';

/** A line's receiving check as entered: the measurement, and for food that failed it, what was decided. */
export interface ReceivingCheckEntry extends ReceivingMeasurement {
  decision: 'accept' | 'reject' | null;
  correctiveAction: string;
}

/** What the check of one delivered line comes to; refuses (nothing written) a check that is missing or undecided. */
export interface CheckedLine {
  check: (ReceivingMeasurement & { passed: boolean; correctiveAction: string }) | null;
  rejected: boolean;
}

export function checkLine(lineNo: number, item: ItemView, entry: ReceivingCheckEntry | null): CheckedLine {
  if (!entry) {
    if (item.tcs) throw new OpsFlowError('BAD_INPUT', `Line ${lineNo}: ${item.name} is TCS food; take its temperature on receipt and enter it (Food Code 3-202.11).`);
    return { check: null, rejected: false };
  }
  const { passed } = judgeReceiving(entry);
  const measured = { holding: entry.holding, tempCentiC: entry.tempCentiC, receivedFrozen: entry.holding === 'frozen' && entry.receivedFrozen, passed, correctiveAction: entry.correctiveAction };
  if (entry.decision === 'reject') return { check: measured, rejected: true };
  if (!passed && entry.decision === null) throw new OpsFlowError('BAD_INPUT', `Line ${lineNo}: ${failureWords(item.name, entry)}: reject it, or accept it with a corrective action.`);
  if (!passed && !entry.correctiveAction) throw new OpsFlowError('BAD_INPUT', `Line ${lineNo}: say what was done (the corrective action) to accept ${item.name} after its failed check.`);
  return { check: measured, rejected: false };
}

export interface CheckToRecord {
  item: ItemView;
  check: NonNullable<CheckedLine['check']>;
  qtyBase: number;
  lot: string;
  supplierId: string | null;
  /** The receive movement; null for a rejected line. */
  movement: MovementFact | null;
}

/** Writes the receiving checks of a delivery as one batch in the location's log document of this month. */
export function recordReceivingChecks(store: Store, locationId: string, checks: readonly CheckToRecord[], actor: AuditActor): ReceivingCheckFact[] {
  const identity = store.identity();
  if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before recording stock.');
  if (checks.length === 0) return [];
  const atMs = checks.find((c) => c.movement)?.movement?.atMs ?? store.now();
  const facts: ReceivingCheckFact[] = checks.map((c) => ({
    id: uuidv7(),
    itemId: c.item.id,
    itemName: c.item.name,
    supplierId: c.supplierId,
    holding: c.check.holding,
    tempCentiC: c.check.tempCentiC,
    receivedFrozen: c.check.receivedFrozen,
    passed: c.check.passed,
    decision: c.movement ? 'accepted' : 'rejected',
    correctiveAction: c.check.correctiveAction,
    qtyBase: c.qtyBase,
    lot: c.lot,
    movementId: c.movement?.id ?? null,
    atMs,
    actorId: actor.id,
    actorName: actor.name,
  }));
  store.docs.change(logDocName(identity.tenantId, locationId, atMs), (doc) => {
    appendFactBatch(doc, encodeReceivingCheckBatch(facts));
  });
  return facts;
}

export function receivingCheckView(row: ReceivingChecksRow): ReceivingCheckView {
  return {
    id: row.id,
    itemId: row.item_id,
    itemName: row.item_name,
    supplierId: row.supplier_id,
    holding: row.holding as TcsHolding,
    tempCentiC: row.temp_centi_c,
    receivedFrozen: row.received_frozen === 1,
    passed: row.passed === 1,
    decision: row.decision as ReceivingCheckView['decision'],
    correctiveAction: row.corrective_action,
    qtyBase: row.qty_base,
    lot: row.lot,
    movementId: row.movement_id,
    atMs: row.at_ms,
    actorName: row.actor_name,
  };
}

export function factView(fact: ReceivingCheckFact): ReceivingCheckView {
  const { actorId: _a, ...rest } = fact;
  return rest;
}

/** The checks of these receive movements, by movement id. */
export function checksOfMovements(store: Store, movementIds: readonly string[]): Map<string, ReceivingCheckView> {
  if (movementIds.length === 0) return new Map();
  const rows = store.q.all(store.db.selectFrom('receiving_checks').selectAll().where('movement_id', 'in', movementIds));
  return new Map(rows.map((r) => [r.movement_id!, receivingCheckView(r)]));
}

export function receivingChecks(store: Store, locationId: string, itemId: string | null, limit: number): ReceivingCheckView[] {
  let query = store.db.selectFrom('receiving_checks').selectAll().where('location_id', '=', locationId).orderBy('at_ms', 'desc').orderBy('id', 'desc').limit(limit);
  if (itemId !== null) query = query.where('item_id', '=', itemId);
  return store.q.all(query).map(receivingCheckView);
}

/** "Milk at 7.0 °C (44.6 °F), failed, accepted: …": a check for the audit summary. */
export function checkWords(itemName: string, check: NonNullable<CheckedLine['check']>, rejected: boolean): string {
  const temp = check.holding === 'frozen' ? `${bothScales(check.tempCentiC)}, ${check.receivedFrozen ? 'frozen' : 'not frozen'}` : bothScales(check.tempCentiC);
  const verdict = check.passed ? 'passed' : 'FAILED';
  return `${itemName} at ${temp}, ${verdict}, ${rejected ? 'rejected' : check.passed ? 'accepted' : `accepted with corrective action: ${check.correctiveAction}`}`;
}
