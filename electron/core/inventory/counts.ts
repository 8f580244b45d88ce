import * as Y from 'yjs';
import { v7 as uuidv7 } from 'uuid';
import type { CountSheet, CountSheetLine, CountSummary } from '../../../domain/contract/inventory';
import { INVENTORY_OPS_MAPS, countLineKey, type CountLineRecord, type CountRecord, type CountStatus } from '../../../domain/inventory/catalog-records';
import { countVariances } from '../../../domain/inventory/count-variance';
import { allocateFefo } from '../../../domain/inventory/fefo';
import { findPack, toBaseQty } from '../../../domain/inventory/units';
import type { StockCountsRow } from '../../../domain/inventory/rows';
import { opsDocName } from '../../../domain/sync/doc-names';
import { OpsFlowError } from '../../../domain/errors';
import type { AuditActor } from '../audit/audit-writer';
import type { Store } from '../store';
import { itemView, requireItem } from './catalog';
import { postMovements, type MovementDraft } from './ledger';
import { todayAt } from './stock-views';

/**
 * A stock count is a record of the location's ops document while it is in progress, so it
 * survives a restart (and a second PC at the same restaurant sees it). Approving it posts the
 * variances as count adjustments: then the count is a fact of the ledger.
 */
function opsDoc(store: Store, locationId: string): string {
  const identity = store.identity();
  if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before counting stock.');
  return opsDocName(identity.tenantId, locationId);
}

export function countRow(store: Store, countId: string): StockCountsRow | undefined {
  return store.q.first(store.db.selectFrom('stock_counts').selectAll().where('id', '=', countId));
}

export function countSummary(store: Store, row: StockCountsRow): CountSummary {
  const counted = store.q.first(store.db.selectFrom('stock_count_lines').select((eb) => eb.fn.countAll<number>().as('n')).where('count_id', '=', row.id));
  return {
    id: row.id,
    locationId: row.location_id,
    storageArea: row.storage_area,
    status: row.status as CountStatus,
    blind: row.blind === 1,
    startedAtMs: row.started_at_ms,
    startedBy: row.started_by,
    linesCounted: Number(counted?.n ?? 0),
  };
}

export function counts(store: Store, locationId: string): CountSummary[] {
  return store.q.all(store.db.selectFrom('stock_counts').selectAll().where('location_id', '=', locationId).orderBy('started_at_ms', 'desc')).map((r) => countSummary(store, r));
}

export function startCount(store: Store, locationId: string, storageArea: string, blind: boolean, actor: AuditActor): string {
  const open = store.q.first(
    store.db.selectFrom('stock_counts').select('id').where('location_id', '=', locationId).where('storage_area', '=', storageArea).where('status', 'in', ['open', 'submitted']),
  );
  if (open) throw new OpsFlowError('CONFLICT', `A count of ${storageArea || 'every area'} is already under way here; finish that one first.`);
  const id = uuidv7();
  const record: CountRecord = { storageArea, status: 'open', blind, startedAtMs: store.now(), startedBy: actor.name, decidedAtMs: null, decidedBy: null };
  store.docs.change(opsDoc(store, locationId), (doc) => {
    doc.getMap(INVENTORY_OPS_MAPS.counts).set(id, new Y.Map(Object.entries(record)));
  });
  return id;
}

function changeCount(store: Store, count: StockCountsRow, fn: (record: Y.Map<unknown>) => void): void {
  store.docs.change(opsDoc(store, count.location_id), (doc) => {
    const record = doc.getMap(INVENTORY_OPS_MAPS.counts).get(count.id);
    if (!(record instanceof Y.Map)) throw new OpsFlowError('NOT_FOUND', 'That count does not exist.');
    fn(record as Y.Map<unknown>);
  });
}

function requireStatus(count: StockCountsRow, allowed: CountStatus[], sentence: string): void {
  if (!allowed.includes(count.status as CountStatus)) throw new OpsFlowError('CONFLICT', sentence);
}

/** The items a count covers: the active items kept in its storage area (every active item for a count of every area). */
function countedItems(store: Store, storageArea: string) {
  let query = store.db.selectFrom('inventory_items').selectAll().where('active', '=', 1).orderBy('name').orderBy('id');
  if (storageArea) query = query.where('storage_area', '=', storageArea);
  return store.q.all(query).map(itemView);
}

/** Enters (or corrects) one item's count, in any of its pack sizes. */
export function enterCount(store: Store, count: StockCountsRow, itemId: string, packName: string, qty: number): void {
  requireStatus(count, ['open'], 'This count was handed in; a manager now approves or discards it.');
  const item = requireItem(store, itemId);
  if (count.storage_area && item.storageArea !== count.storage_area) throw new OpsFlowError('BAD_INPUT', `${item.name} is not kept in ${count.storage_area}.`);
  const countedBase = toBaseQty(qty, findPack(item.baseUnit, item.packs, packName));
  const line: CountLineRecord = { packName, packQty: qty, countedBase, atMs: store.now() };
  store.docs.change(opsDoc(store, count.location_id), (doc) => {
    doc.getMap(INVENTORY_OPS_MAPS.countLines).set(countLineKey(count.id, itemId), line);
  });
}

export function submitCount(store: Store, count: StockCountsRow): void {
  requireStatus(count, ['open'], 'This count was already handed in.');
  changeCount(store, count, (record) => record.set('status', 'submitted'));
}

export function discardCount(store: Store, count: StockCountsRow, actor: AuditActor): void {
  requireStatus(count, ['open', 'submitted'], 'This count is already closed.');
  changeCount(store, count, (record) => {
    record.set('status', 'discarded');
    record.set('decidedAtMs', store.now());
    record.set('decidedBy', actor.name);
  });
}

/**
 * The count sheet. On a blind count whoever counts sees no expected quantity; a manager reviewing
 * a handed-in count (or anyone, on a count that is not blind or is closed) sees it with the variance.
 */
export function countSheet(store: Store, count: StockCountsRow, canReview: boolean): CountSheet {
  const lines = store.q.all(store.db.selectFrom('stock_count_lines').selectAll().where('count_id', '=', count.id));
  const byItem = new Map(lines.map((l) => [l.item_id, l]));
  const showExpected = count.blind === 0 || count.status === 'approved' || (canReview && count.status === 'submitted');
  const balances = new Map(
    store.q.all(store.db.selectFrom('stock_balances').select(['item_id', 'on_hand_base']).where('location_id', '=', count.location_id)).map((b) => [b.item_id, b.on_hand_base]),
  );
  // An approved count shows what it posted: the variance of its adjustments, not today's balance.
  const posted = new Map(
    count.status === 'approved'
      ? store.q
          .all(store.db.selectFrom('stock_movements').select(['item_id', (eb) => eb.fn.sum<number>('delta_base').as('d')]).where('count_id', '=', count.id).groupBy('item_id'))
          .map((r) => [r.item_id, Number(r.d)])
      : [],
  );
  const items = countedItems(store, count.storage_area);
  const known = new Set(items.map((i) => i.id));
  for (const l of lines) if (!known.has(l.item_id)) items.push(requireItem(store, l.item_id));
  let total = 0;
  const sheetLines: CountSheetLine[] = items.map((item) => {
    const line = byItem.get(item.id);
    const counted = line ? { packName: line.pack_name, packQty: line.pack_qty, countedBase: line.counted_base } : null;
    const expectedBase = count.status === 'approved' && counted ? counted.countedBase - (posted.get(item.id) ?? 0) : (balances.get(item.id) ?? 0);
    const [variance] = counted ? countVariances([{ itemId: item.id, countedBase: counted.countedBase, expectedBase, unitCostMilliCents: item.unitCostMilliCents }]) : [];
    if (variance) total += variance.varianceCents;
    return {
      itemId: item.id,
      itemName: item.name,
      sku: item.sku,
      storageArea: item.storageArea,
      baseUnit: item.baseUnit,
      packs: item.packs,
      counted,
      expectedBase: showExpected ? expectedBase : null,
      varianceBase: showExpected && variance ? variance.varianceBase : null,
      varianceCents: showExpected && variance ? variance.varianceCents : null,
    };
  });
  return { ...countSummary(store, count), lines: sheetLines, varianceCents: showExpected ? total : null };
}

/**
 * Approves a handed-in count: each counted item's variance against the balance now is posted as
 * count adjustments (a shortfall taken from the lots first expiring first, expired ones included;
 * a surplus as stock without a lot), in one batch, and the count is closed in the same transaction.
 */
export function approveCount(store: Store, count: StockCountsRow, actor: AuditActor): number {
  requireStatus(count, ['submitted'], count.status === 'open' ? 'Hand the count in before approving it.' : 'This count is already closed.');
  const lines = store.q.all(store.db.selectFrom('stock_count_lines').selectAll().where('count_id', '=', count.id));
  const today = todayAt(store, count.location_id);
  const lotsOf = new Map<string, { lot: string; expiresOn: string | null; onHandBase: number }[]>();
  const counted = store.db.selectFrom('stock_count_lines').select('item_id').where('count_id', '=', count.id);
  for (const l of store.q.all(
    store.db.selectFrom('stock_lots').select(['item_id', 'lot', 'expires_on', 'on_hand_base']).where('location_id', '=', count.location_id).where('item_id', 'in', counted),
  )) {
    const list = lotsOf.get(l.item_id) ?? [];
    list.push({ lot: l.lot, expiresOn: l.expires_on, onHandBase: l.on_hand_base });
    lotsOf.set(l.item_id, list);
  }
  const balances = new Map(
    store.q
      .all(store.db.selectFrom('stock_balances').select(['item_id', 'on_hand_base']).where('location_id', '=', count.location_id).where('item_id', 'in', counted))
      .map((b) => [b.item_id, b.on_hand_base]),
  );
  const costs = new Map(store.q.all(store.db.selectFrom('inventory_items').select(['id', 'unit_cost_milli_cents']).where('id', 'in', counted)).map((i) => [i.id, i.unit_cost_milli_cents]));
  const drafts: MovementDraft[] = [];
  for (const v of countVariances(lines.map((l) => ({ itemId: l.item_id, countedBase: l.counted_base, expectedBase: balances.get(l.item_id) ?? 0, unitCostMilliCents: costs.get(l.item_id) ?? 0 })))) {
    const adjust = { kind: 'countAdjustment' as const, itemId: v.itemId, countId: count.id, unitCostMilliCents: costs.get(v.itemId) ?? 0 };
    if (v.varianceBase > 0) drafts.push({ ...adjust, deltaBase: v.varianceBase });
    else if (v.varianceBase < 0) {
      const lots = lotsOf.get(v.itemId) ?? [];
      const inLots = lots.filter((l) => l.onHandBase > 0).reduce((s, l) => s + l.onHandBase, 0);
      // Lots below zero (a reversed delivery already used) cannot give stock: the rest comes off the lot-less stock.
      const fromLots = Math.min(-v.varianceBase, inLots);
      for (const take of fromLots > 0 ? allocateFefo(lots, fromLots, { today, includeExpired: true }) : []) {
        drafts.push({ ...adjust, deltaBase: -take.qtyBase, lot: take.lot, expiresOn: take.expiresOn });
      }
      if (-v.varianceBase > fromLots) drafts.push({ ...adjust, deltaBase: v.varianceBase + fromLots });
    }
  }
  store.docs.transaction(() => {
    postMovements(store, count.location_id, drafts, actor);
    changeCount(store, count, (record) => {
      record.set('status', 'approved');
      record.set('decidedAtMs', store.now());
      record.set('decidedBy', actor.name);
    });
  });
  return drafts.length;
}
