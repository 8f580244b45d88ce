import type { ExpiringRow, HistoryPage, LotView, LowStockRow, MovementView, OnHandRow, ReceivingCheckView, TransferView } from '../../../domain/contract/inventory';
import { expiryState } from '../../../domain/inventory/expiry';
import { fefoOrder, isExpired } from '../../../domain/inventory/fefo';
import type { StockMovementsRow } from '../../../domain/inventory/rows';
import { suggestedOrder } from '../../../domain/inventory/reorder';
import { valueCents } from '../../../domain/inventory/units';
import { dayInZone } from '../../../domain/time/calendar-days';
import type { Store } from '../store';
import { itemView } from './catalog';
import { checksOfMovements } from './receiving-checks';

/** Today at the location, as its calendar day: expiry dates are days on a label. */
export function todayAt(store: Store, locationId: string): string {
  const zone = store.q.first(store.db.selectFrom('locations').select('time_zone').where('id', '=', locationId))?.time_zone;
  return dayInZone(store.now(), zone);
}

export interface OnHandFilter {
  search: string;
  category: string | null;
  storageArea: string | null;
  onlyBelowReorderPoint: boolean;
}

/**
 * The on-hand list of a location: the materialized balances joined to the catalog. It reads the
 * balance and lot tables only, never the ledger, so it costs the same with 2,000,000 movements.
 */
export function onHandSql(filter: OnHandFilter): string {
  const where: string[] = ['b.location_id = @locationId'];
  if (filter.search.trim()) where.push("(i.name LIKE @search ESCAPE '\\' OR i.sku LIKE @search ESCAPE '\\')");
  if (filter.category !== null) where.push('i.category = @category');
  if (filter.storageArea !== null) where.push('i.storage_area = @storageArea');
  if (filter.onlyBelowReorderPoint) where.push('b.on_hand_base < i.reorder_point_base');
  return `SELECT i.*, b.on_hand_base AS on_hand,
            (SELECT COALESCE(SUM(l.on_hand_base), 0) FROM stock_lots l
              WHERE l.location_id = b.location_id AND l.item_id = b.item_id AND l.expires_on < @today AND l.on_hand_base > 0) AS expired_base
       FROM stock_balances b JOIN inventory_items i ON i.id = b.item_id
      WHERE ${where.join(' AND ')}
      ORDER BY i.name, i.id`;
}

export function onHand(store: Store, locationId: string, filter: OnHandFilter): OnHandRow[] {
  const today = todayAt(store, locationId);
  const rows = store.sqlite.prepare(onHandSql(filter)).all({
    locationId,
    today,
    search: `%${filter.search.trim().replace(/[\\%_]/g, (c) => `\\${c}`)}%`,
    category: filter.category,
    storageArea: filter.storageArea,
  }) as (Parameters<typeof itemView>[0] & { on_hand: number; expired_base: number })[];
  return rows.map((r) => ({
    item: itemView(r),
    onHandBase: r.on_hand,
    valueCents: valueCents(r.on_hand, r.unit_cost_milli_cents),
    belowReorderPoint: r.on_hand < r.reorder_point_base,
    expiredBase: r.expired_base,
  }));
}

export function movementView(row: StockMovementsRow, reversedById: string | null, receivingCheck: ReceivingCheckView | null = null): MovementView {
  return {
    id: row.id,
    kind: row.kind,
    itemId: row.item_id,
    locationId: row.location_id,
    deltaBase: row.delta_base,
    lot: row.lot,
    expiresOn: row.expires_on,
    atMs: row.at_ms,
    actorName: row.actor_name,
    reason: row.reason,
    note: row.note,
    supplierId: row.supplier_id,
    reversesId: row.reverses_id,
    reversedById,
    transferId: row.transfer_id,
    otherLocationId: row.other_location_id,
    countId: row.count_id,
    receivingCheck,
  };
}

/** The reversal of a movement: one in this PC's ledger, or a transfer's call-back the hub told it of. */
export function reversalOf(store: Store, movementId: string): string | null {
  return store.q.first(store.db.selectFrom('transfer_movements').select('id').where('reverses_id', '=', movementId))?.id ?? null;
}

export function movementRow(store: Store, movementId: string): StockMovementsRow | undefined {
  return store.q.first(store.db.selectFrom('stock_movements').selectAll().where('id', '=', movementId));
}

/** An item's movements at a location, newest first, a page at a time (keyset on time and id: no OFFSET scan). */
export function history(store: Store, locationId: string, itemId: string, before: string | null, limit: number): HistoryPage {
  const cursor = before ? parseCursor(before) : null;
  const rows = store.sqlite
    .prepare(
      `SELECT m.*, (SELECT r.id FROM stock_movements r WHERE r.reverses_id = m.id) AS reversed_by
         FROM stock_movements m
        WHERE m.location_id = ? AND m.item_id = ? ${cursor ? 'AND (m.at_ms, m.id) < (?, ?)' : ''}
        ORDER BY m.at_ms DESC, m.id DESC
        LIMIT ?`,
    )
    .all(...[locationId, itemId, ...(cursor ? [cursor.atMs, cursor.id] : []), limit + 1]) as (StockMovementsRow & { reversed_by: string | null })[];
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  const checks = checksOfMovements(store, page.filter((r) => r.kind === 'receive').map((r) => r.id));
  return {
    movements: page.map((r) => movementView(r, r.reversed_by, checks.get(r.id) ?? null)),
    nextBefore: rows.length > limit && last ? `${last.at_ms}:${last.id}` : null,
  };
}

function parseCursor(text: string): { atMs: number; id: string } | null {
  const m = /^(\d+):(.+)$/.exec(text);
  return m ? { atMs: Number(m[1]), id: m[2]! } : null;
}

/** The item's lots with stock at a location, first expiring first (the FEFO suggestion), with their state. */
export function lots(store: Store, locationId: string, itemId: string, leadDays = 3): LotView[] {
  const today = todayAt(store, locationId);
  const rows = store.q.all(
    store.db
      .selectFrom('stock_lots')
      .select(['lot', 'expires_on', 'on_hand_base'])
      .where('location_id', '=', locationId)
      .where('item_id', '=', itemId)
      .where('on_hand_base', '>', 0),
  );
  return fefoOrder(rows.map((r) => ({ lot: r.lot, expiresOn: r.expires_on, onHandBase: r.on_hand_base }))).map((l) => ({
    ...l,
    state: expiryState(l, today, leadDays),
  }));
}

/** Lots at a location that have expired or will within `leadDays`, soonest first. */
export function expiring(store: Store, locationId: string, leadDays: number): ExpiringRow[] {
  const today = todayAt(store, locationId);
  const rows = store.sqlite
    .prepare(
      `SELECT l.item_id, i.name, i.base_unit, l.lot, l.expires_on, l.on_hand_base
         FROM stock_lots l JOIN inventory_items i ON i.id = l.item_id
        WHERE l.location_id = ? AND l.on_hand_base > 0 AND l.expires_on IS NOT NULL AND l.expires_on <= date(?, '+' || ? || ' days')
        ORDER BY l.expires_on, i.name`,
    )
    .all(locationId, today, leadDays) as { item_id: string; name: string; base_unit: string; lot: string; expires_on: string; on_hand_base: number }[];
  return rows.map((r) => ({
    itemId: r.item_id,
    itemName: r.name,
    baseUnit: r.base_unit as ExpiringRow['baseUnit'],
    lot: r.lot,
    expiresOn: r.expires_on,
    onHandBase: r.on_hand_base,
    state: isExpired({ expiresOn: r.expires_on }, today) ? 'expired' : 'expiringSoon',
  }));
}

/** Active items below their reorder point at a location (never stocked counts as zero), with what to order up to par. */
export function lowStock(store: Store, locationId: string, onlyItemId: string | null = null): LowStockRow[] {
  const rows = store.sqlite
    .prepare(
      `SELECT i.*, COALESCE(b.on_hand_base, 0) AS on_hand
         FROM inventory_items i LEFT JOIN stock_balances b ON b.item_id = i.id AND b.location_id = @locationId
        WHERE i.active = 1 AND COALESCE(b.on_hand_base, 0) < i.reorder_point_base AND (@onlyItemId IS NULL OR i.id = @onlyItemId)
        ORDER BY i.name, i.id`,
    )
    .all({ locationId, onlyItemId }) as (Parameters<typeof itemView>[0] & { on_hand: number })[];
  const out: LowStockRow[] = [];
  for (const r of rows) {
    const item = itemView(r);
    const suggested = suggestedOrder(r.on_hand, item.reorderPointBase, item.parBase, item.packs);
    if (!suggested) continue;
    out.push({ itemId: item.id, itemName: item.name, baseUnit: item.baseUnit, onHandBase: r.on_hand, reorderPointBase: item.reorderPointBase, parBase: item.parBase, suggested, supplierId: item.supplierId });
  }
  return out;
}

/**
 * Transfers sent to or from a location that the receiving location has not confirmed yet. The other
 * end's movements come from this PC's ledger when it holds that location, or from the hub's notices.
 */
export function inTransit(store: Store, locationId: string): TransferView[] {
  const rows = store.sqlite
    .prepare(
      `SELECT m.*, i.name AS item_name FROM transfer_movements m JOIN inventory_items i ON i.id = m.item_id
        WHERE m.kind = 'transferOut' AND (m.location_id = @loc OR m.other_location_id = @loc)
          AND NOT EXISTS (SELECT 1 FROM transfer_movements t WHERE t.transfer_id = m.transfer_id AND t.kind = 'transferIn')
          AND NOT EXISTS (SELECT 1 FROM transfer_movements r WHERE r.reverses_id = m.id)
        ORDER BY m.at_ms, m.id`,
    )
    .all({ loc: locationId }) as (StockMovementsRow & { item_name: string })[];
  return groupTransfers(rows);
}

export function transferLines(store: Store, transferId: string): (StockMovementsRow & { item_name: string })[] {
  return store.sqlite
    .prepare(`SELECT m.*, i.name AS item_name FROM transfer_movements m JOIN inventory_items i ON i.id = m.item_id WHERE m.transfer_id = ? ORDER BY m.id`)
    .all(transferId) as never;
}

export function groupTransfers(rows: readonly (StockMovementsRow & { item_name: string })[]): TransferView[] {
  const byId = new Map<string, TransferView>();
  for (const r of rows) {
    let t = byId.get(r.transfer_id!);
    if (!t) {
      t = { transferId: r.transfer_id!, fromLocationId: r.location_id, toLocationId: r.other_location_id!, atMs: r.at_ms, sentBy: r.actor_name, note: r.note, lines: [] };
      byId.set(r.transfer_id!, t);
    }
    t.lines.push({ itemId: r.item_id, itemName: r.item_name, lot: r.lot, expiresOn: r.expires_on, qtyBase: -r.delta_base });
  }
  return [...byId.values()];
}
