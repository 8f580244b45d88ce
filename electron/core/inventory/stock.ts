import { v7 as uuidv7 } from 'uuid';
import type { ItemView } from '../../../domain/contract/inventory';
import { OpsFlowError } from '../../../domain/errors';
import type { CORRECTIVE_WASTE_REASON } from '../../../domain/haccp/corrective-action-facts';
import { expiryFromShelfLife } from '../../../domain/inventory/expiry';
import { allocateFefo, type LotStock } from '../../../domain/inventory/fefo';
import type { MovementFact, WasteReason } from '../../../domain/inventory/movements';
import type { ReceivingCheckFact } from '../../../domain/inventory/receiving-check';
import { findPack, toBaseQty } from '../../../domain/inventory/units';
import type { AuditActor } from '../audit/audit-writer';
import type { Store } from '../store';
import { requireItem } from './catalog';
import { postMovements, type MovementDraft } from './ledger';
import { checkLine, recordReceivingChecks, type CheckedLine, type ReceivingCheckEntry } from './receiving-checks';
import { movementRow, reversalOf, todayAt, transferLines } from './stock-views';

export interface QtyLine {
  itemId: string;
  packName: string;
  qty: number;
}

function baseOf(item: ItemView, line: QtyLine): number {
  return toBaseQty(line.qty, findPack(item.baseUnit, item.packs, line.packName));
}

function lotStock(store: Store, locationId: string, itemId: string): LotStock[] {
  return store.q
    .all(store.db.selectFrom('stock_lots').select(['lot', 'expires_on', 'on_hand_base']).where('location_id', '=', locationId).where('item_id', '=', itemId))
    .map((r) => ({ lot: r.lot, expiresOn: r.expires_on, onHandBase: r.on_hand_base }));
}

/** The lots to take from: the one named (all of it must be there), or first expiring first. */
function takeFromLots(store: Store, locationId: string, item: ItemView, qtyBase: number, lot: string | null, includeExpired: boolean) {
  const stock = lotStock(store, locationId, item.id);
  if (lot !== null) {
    const named = stock.find((l) => l.lot === lot);
    if (!named || named.onHandBase <= 0) throw new OpsFlowError('NOT_FOUND', `There is no lot "${lot}" of ${item.name} here.`);
    return allocateFefo([named], qtyBase, { today: todayAt(store, locationId), includeExpired: true });
  }
  return allocateFefo(stock, qtyBase, { today: todayAt(store, locationId), includeExpired });
}

export interface ReceiveLine extends QtyLine {
  lot: string;
  expiresOn: string | null;
  unitCostMilliCents: number | null;
  receivingCheck: ReceivingCheckEntry | null;
}

/** A delivery checked line by line, before anything is written: what to post, what to refuse at the door. */
export interface DeliveryPlan {
  lines: { item: ItemView; draft: MovementDraft; checked: CheckedLine }[];
}

/**
 * Checks a delivery: a perishable item's lot needs an expiry date (the label's, or the item's shelf
 * life from today); TCS food needs its receiving temperature, and food that failed it a decision.
 * Any problem refuses the whole delivery with the line it is on.
 */
export function planDelivery(store: Store, locationId: string, supplierId: string | null, lines: readonly ReceiveLine[], note: string): DeliveryPlan {
  const today = todayAt(store, locationId);
  return {
    lines: lines.map((line, i) => {
      const item = requireItem(store, line.itemId);
      const expiresOn = line.expiresOn ?? (item.perishable ? expiryFromShelfLife(today, item.shelfLifeDays) : null);
      if (item.perishable && !line.lot) throw new OpsFlowError('BAD_INPUT', `Line ${i + 1}: ${item.name} is perishable; enter the lot number from the label.`);
      const draft: MovementDraft = {
        kind: 'receive',
        itemId: item.id,
        deltaBase: positive(baseOf(item, line)),
        lot: line.lot,
        expiresOn,
        supplierId: supplierId ?? item.supplierId,
        unitCostMilliCents: line.unitCostMilliCents ?? item.unitCostMilliCents,
        note,
      };
      return { item, draft, checked: checkLine(i + 1, item, line.receivingCheck) };
    }),
  };
}

/**
 * Posts a checked delivery: one receive movement per accepted line, and the receiving checks (of
 * accepted and rejected lines) linked to them, in one transaction.
 */
export function postDelivery(store: Store, locationId: string, plan: DeliveryPlan, actor: AuditActor): { movements: MovementFact[]; checks: ReceivingCheckFact[] } {
  return store.docs.transaction(() => {
    const accepted = plan.lines.filter((l) => !l.checked.rejected);
    const movements = postMovements(store, locationId, accepted.map((l) => l.draft), actor);
    const movementOf = new Map(accepted.map((l, i) => [l, movements[i]!]));
    const checks = recordReceivingChecks(
      store,
      locationId,
      plan.lines.flatMap((l) =>
        l.checked.check ? [{ item: l.item, check: l.checked.check, qtyBase: l.draft.deltaBase, lot: l.draft.lot ?? '', supplierId: l.draft.supplierId ?? null, movement: movementOf.get(l) ?? null }] : [],
      ),
      actor,
    );
    return { movements, checks };
  });
}

function positive(base: number): number {
  if (base <= 0) throw new OpsFlowError('BAD_INPUT', 'A quantity is more than zero.');
  return base;
}

/** Use (production) or waste: one movement per lot taken from. */
export function takeStock(
  store: Store,
  locationId: string,
  take: QtyLine & { lot: string | null; note: string } & ({ kind: 'use' } | { kind: 'waste'; reason: WasteReason | typeof CORRECTIVE_WASTE_REASON }),
  actor: AuditActor,
): MovementFact[] {
  const item = requireItem(store, take.itemId);
  const qtyBase = positive(baseOf(item, take));
  // Expired stock is not served: using takes only lots in date; wasting takes the expired first.
  const lots = takeFromLots(store, locationId, item, qtyBase, take.lot, take.kind === 'waste');
  return postMovements(
    store,
    locationId,
    lots.map((l) => ({
      kind: take.kind,
      itemId: item.id,
      deltaBase: -l.qtyBase,
      lot: l.lot,
      expiresOn: l.expiresOn,
      reason: take.kind === 'waste' ? take.reason : '',
      note: take.note,
      unitCostMilliCents: item.unitCostMilliCents,
    })),
    actor,
  );
}

/**
 * Sends stock to another location: transfer-out movements here (first expiring first), in transit
 * until the receiving location confirms with the matching transfer-in movements there.
 */
export function sendTransfer(store: Store, fromLocationId: string, toLocationId: string, lines: readonly QtyLine[], note: string, actor: AuditActor): { transferId: string; facts: MovementFact[] } {
  if (fromLocationId === toLocationId) throw new OpsFlowError('BAD_INPUT', 'A transfer goes to another location.');
  const transferId = uuidv7();
  const drafts: MovementDraft[] = [];
  const seen = new Set<string>();
  for (const line of lines) {
    if (seen.has(line.itemId)) throw new OpsFlowError('BAD_INPUT', 'Put each item on one line of the transfer.');
    seen.add(line.itemId);
    const item = requireItem(store, line.itemId);
    for (const l of takeFromLots(store, fromLocationId, item, positive(baseOf(item, line)), null, false)) {
      drafts.push({ kind: 'transferOut', itemId: item.id, deltaBase: -l.qtyBase, lot: l.lot, expiresOn: l.expiresOn, transferId, otherLocationId: toLocationId, note, unitCostMilliCents: item.unitCostMilliCents });
    }
  }
  return { transferId, facts: postMovements(store, fromLocationId, drafts, actor) };
}

/** The receiving location confirms a transfer: the same lots and quantities come in here. */
export function confirmTransfer(store: Store, locationId: string, transferId: string, actor: AuditActor): MovementFact[] {
  const lines = transferLines(store, transferId);
  const sent = lines.filter((l) => l.kind === 'transferOut');
  if (sent.length === 0 || sent[0]!.other_location_id !== locationId) throw new OpsFlowError('NOT_FOUND', 'No transfer to this location has that number.');
  if (lines.some((l) => l.kind === 'transferIn')) throw new OpsFlowError('CONFLICT', 'This transfer was already received.');
  // Lines the sender called back (reversed) do not arrive.
  const out = sent.filter((l) => !reversalOf(store, l.id));
  if (out.length === 0) throw new OpsFlowError('CONFLICT', 'The sender called this transfer back; nothing is on its way.');
  return postMovements(
    store,
    locationId,
    out.map((l) => ({
      kind: 'transferIn',
      itemId: l.item_id,
      deltaBase: -l.delta_base,
      lot: l.lot,
      expiresOn: l.expires_on,
      transferId,
      otherLocationId: l.location_id,
      note: l.note,
      unitCostMilliCents: l.unit_cost_milli_cents,
    })),
    actor,
  );
}

/**
 * Undoes a movement with its opposite, linked to it. A movement is reversed once; a reversal is
 * not reversed (post the movement again); a received transfer is undone by sending the stock back.
 */
export function reverseMovement(store: Store, movementId: string, reason: string, actor: AuditActor): MovementFact {
  const original = movementRow(store, movementId);
  if (!original) throw new OpsFlowError('NOT_FOUND', 'That movement does not exist.');
  if (original.kind === 'reversal') throw new OpsFlowError('CONFLICT', 'A reversal cannot be reversed; record the movement again instead.');
  if (original.kind === 'transferIn') throw new OpsFlowError('CONFLICT', 'A received transfer is undone by transferring the stock back.');
  // Stock sent but not yet received can be called back: the line comes back here and leaves the transit list.
  if (original.kind === 'transferOut' && transferLines(store, original.transfer_id!).some((l) => l.kind === 'transferIn')) {
    throw new OpsFlowError('CONFLICT', 'This transfer was already received; transfer the stock back instead.');
  }
  if (reversalOf(store, movementId)) throw new OpsFlowError('CONFLICT', 'This movement was already reversed.');
  const [fact] = postMovements(
    store,
    original.location_id,
    [
      {
        kind: 'reversal',
        itemId: original.item_id,
        deltaBase: -original.delta_base,
        lot: original.lot,
        expiresOn: original.expires_on,
        reversesId: original.id,
        reason,
        unitCostMilliCents: original.unit_cost_milli_cents,
      },
    ],
    actor,
  );
  return fact!;
}
