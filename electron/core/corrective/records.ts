import { v7 as uuidv7 } from 'uuid';
import type { CorrectiveActionView } from '../../../domain/contract/corrective';
import { CORRECTIVE_WASTE_REASON, encodeCorrectiveActionBatch, encodeCorrectiveSignoffBatch, type CorrectiveActionFact, type CorrectiveActionKind, type CorrectiveSignoffFact } from '../../../domain/haccp/corrective-action-facts';
import { inForce } from '../../../domain/haccp/corrective-in-force';
import type { CorrectiveActionsRow, CorrectiveSignoffsRow } from '../../../domain/haccp/corrective-rows';
import { logDocName } from '../../../domain/sync/doc-names';
import { FACT_BATCHES_MAP } from '../../../domain/sync/fact-batch';
import { sha256Hex } from '../audit/sha256';
import type { Store } from '../store';

/** An excursion, as haccp_runs names it: its sensor and the start of its out-of-range run. */
export interface RunKey {
  sensorId: string;
  startMs: number;
}

export const runKeyOf = (sensorId: string, startMs: number): string => `${sensorId}/${startMs}`;

export function newFactId(): string {
  return uuidv7();
}

function appendFact(store: Store, tenantId: string, locationId: string, atMs: number, batch: Uint8Array): void {
  store.docs.change(logDocName(tenantId, locationId, atMs), (doc) => {
    doc.getMap<Uint8Array>(FACT_BATCHES_MAP).set(sha256Hex(batch), batch);
  });
}

export function recordCorrectiveAction(store: Store, tenantId: string, locationId: string, fact: CorrectiveActionFact): void {
  appendFact(store, tenantId, locationId, fact.atMs, encodeCorrectiveActionBatch([fact]));
}

export function recordCorrectiveSignoff(store: Store, tenantId: string, locationId: string, fact: CorrectiveSignoffFact): void {
  appendFact(store, tenantId, locationId, fact.atMs, encodeCorrectiveSignoffBatch([fact]));
}

export function actionRow(store: Store, actionId: string): CorrectiveActionsRow | undefined {
  return store.q.first(store.db.selectFrom('corrective_actions').selectAll().where('id', '=', actionId));
}

/** The earliest sign-off of a record: two supervisors signing offline at once both leave a fact; the first one counts. */
export function signoffOf(store: Store, actionId: string): CorrectiveSignoffsRow | undefined {
  return store.q.first(store.db.selectFrom('corrective_signoffs').selectAll().where('action_id', '=', actionId).orderBy('at_ms').orderBy('id'));
}

export function amendmentOf(store: Store, actionId: string): CorrectiveActionsRow | undefined {
  return store.q.first(store.db.selectFrom('corrective_actions').selectAll().where('amends', '=', actionId).orderBy('at_ms').orderBy('id'));
}

function view(store: Store, row: CorrectiveActionsRow, versions: number): CorrectiveActionView {
  const signed = signoffOf(store, row.id);
  return {
    id: row.id,
    sensorId: row.sensor_id,
    excursionStartMs: row.excursion_start_ms,
    cause: row.cause,
    action: row.action as CorrectiveActionKind,
    quantity: row.quantity_amount !== null && row.quantity_unit !== null ? { amount: row.quantity_amount, unit: row.quantity_unit } : null,
    disposition: row.disposition,
    note: row.note,
    atMs: row.at_ms,
    actorName: row.actor_name,
    amends: row.amends,
    versions,
    signoff: signed ? { atMs: signed.at_ms, actorName: signed.actor_name, note: signed.note } : null,
    discardedStock: discardedStockOf(store, row.id),
  };
}

/** The waste movements posted with a record (their note names it; see correctiveWasteNote). */
function discardedStockOf(store: Store, actionId: string): CorrectiveActionView['discardedStock'] {
  const moves = store.q.all(
    store.db
      .selectFrom('stock_movements as m')
      .innerJoin('inventory_items as i', 'i.id', 'm.item_id')
      .select(['m.id', 'm.item_id', 'i.name'])
      .where('m.reason', '=', CORRECTIVE_WASTE_REASON)
      .where('m.note', 'like', `Corrective action ${actionId}:%`)
      .orderBy('m.id'),
  );
  if (moves.length === 0) return null;
  return { itemId: moves[0]!.item_id, itemName: moves[0]!.name, movementIds: moves.map((m) => m.id) };
}

/**
 * The corrective action in force for each excursion that has one, keyed by runKeyOf(sensorId,
 * startMs). What the Excursions screen, `opsflow haccp excursions` and the inspector's report read.
 */
export function correctiveActionsForRuns(store: Store, keys: RunKey[]): Map<string, CorrectiveActionView> {
  const out = new Map<string, CorrectiveActionView>();
  if (keys.length === 0) return out;
  const wanted = new Set(keys.map((k) => runKeyOf(k.sensorId, k.startMs)));
  const sensorIds = [...new Set(keys.map((k) => k.sensorId))];
  const bySensorRun = new Map<string, CorrectiveActionsRow[]>();
  for (let i = 0; i < sensorIds.length; i += 500) {
    const rows = store.q.all(store.db.selectFrom('corrective_actions').selectAll().where('sensor_id', 'in', sensorIds.slice(i, i + 500)));
    for (const row of rows) {
      const key = runKeyOf(row.sensor_id, row.excursion_start_ms);
      if (!wanted.has(key)) continue;
      const list = bySensorRun.get(key) ?? [];
      list.push(row);
      bySensorRun.set(key, list);
    }
  }
  for (const [key, records] of bySensorRun) out.set(key, view(store, inForce(records), records.length));
  return out;
}

/** The record in force of the excursion a record belongs to. */
export function actionInForce(store: Store, row: CorrectiveActionsRow): CorrectiveActionView {
  return correctiveActionsForRuns(store, [{ sensorId: row.sensor_id, startMs: row.excursion_start_ms }]).get(runKeyOf(row.sensor_id, row.excursion_start_ms))!;
}
