import { parseDocName } from '../sync/doc-names';
import { skippedFor, type Skipped } from '../sync/rows';
import { countLineRecord, countRecord, itemRecord, supplierRecord } from './catalog-records';
import { decodeMovementBatch } from './movement-batch';
import type { MovementFact, MovementKind } from './movements';

/** Rows of the inventory tables, projected from the directory (catalog), ops (counts) and log (movements) documents. */
export interface InventoryItemsRow {
  id: string;
  name: string;
  sku: string;
  category: string;
  storage_area: string;
  base_unit: string;
  /** JSON: PackSize[]. */
  packs: string;
  par_base: number;
  reorder_point_base: number;
  unit_cost_milli_cents: number;
  supplier_id: string | null;
  perishable: number;
  shelf_life_days: number | null;
  tcs: number;
  active: number;
  created_at_ms: number;
}

export interface InventorySuppliersRow {
  id: string;
  name: string;
  contact: string;
  phone: string;
  email: string;
  active: number;
  created_at_ms: number;
}

export interface StockMovementsRow {
  id: string;
  location_id: string;
  item_id: string;
  kind: MovementKind;
  delta_base: number;
  lot: string;
  expires_on: string | null;
  at_ms: number;
  actor_id: string | null;
  actor_name: string;
  reason: string;
  note: string;
  supplier_id: string | null;
  reverses_id: string | null;
  transfer_id: string | null;
  other_location_id: string | null;
  count_id: string | null;
  unit_cost_milli_cents: number;
}

export interface StockCountsRow {
  id: string;
  location_id: string;
  storage_area: string;
  status: string;
  blind: number;
  started_at_ms: number;
  started_by: string;
  decided_at_ms: number | null;
  decided_by: string | null;
}

export interface StockCountLinesRow {
  count_id: string;
  item_id: string;
  pack_name: string;
  pack_qty: number;
  counted_base: number;
  at_ms: number;
}

export function itemRows(key: string, value: unknown): { item: InventoryItemsRow } | Skipped {
  const parsed = itemRecord.safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  const r = parsed.data;
  return {
    item: {
      id: key,
      name: r.name,
      sku: r.sku,
      category: r.category,
      storage_area: r.storageArea,
      base_unit: r.baseUnit,
      packs: JSON.stringify(r.packs),
      par_base: r.parBase,
      reorder_point_base: r.reorderPointBase,
      unit_cost_milli_cents: r.unitCostMilliCents,
      supplier_id: r.supplierId,
      perishable: r.perishable ? 1 : 0,
      shelf_life_days: r.shelfLifeDays,
      tcs: r.tcs ? 1 : 0,
      active: r.active ? 1 : 0,
      created_at_ms: r.createdAtMs,
    },
  };
}

export function supplierRows(key: string, value: unknown): { supplier: InventorySuppliersRow } | Skipped {
  const parsed = supplierRecord.safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  const r = parsed.data;
  return { supplier: { id: key, name: r.name, contact: r.contact, phone: r.phone, email: r.email, active: r.active ? 1 : 0, created_at_ms: r.createdAtMs } };
}

/** A count record of a location's ops document: one row of stock_counts. */
export function countRows(docName: string, key: string, value: unknown): { count: StockCountsRow } | Skipped {
  const doc = parseDocName(docName);
  if (doc?.kind !== 'ops') return { skipped: `${docName} is not a location's ops document` };
  const parsed = countRecord.safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  const r = parsed.data;
  return {
    count: {
      id: key,
      location_id: doc.locationId,
      storage_area: r.storageArea,
      status: r.status,
      blind: r.blind ? 1 : 0,
      started_at_ms: r.startedAtMs,
      started_by: r.startedBy,
      decided_at_ms: r.decidedAtMs,
      decided_by: r.decidedBy,
    },
  };
}

/** A count line record (key `<countId>/<itemId>`): one row of stock_count_lines. */
export function countLineRows(key: string, value: unknown): { line: StockCountLinesRow } | Skipped {
  const m = /^([^/]{1,64})\/([^/]{1,64})$/.exec(key);
  if (!m) return { skipped: `"${key}" is not a count line's key` };
  const parsed = countLineRecord.safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  const l = parsed.data;
  return { line: { count_id: m[1]!, item_id: m[2]!, pack_name: l.packName, pack_qty: l.packQty, counted_base: l.countedBase, at_ms: l.atMs } };
}

/**
 * A batch of movements in a location's log document: one ledger row each, at that location. A
 * movement already there (same id) stays as it was. A damaged batch is skipped whole.
 */
export function movementRows(docName: string, batch: Uint8Array): { movements: StockMovementsRow[] } | Skipped {
  const doc = parseDocName(docName);
  if (doc?.kind !== 'log') return { skipped: `${docName} is not a location's log document` };
  let facts;
  try {
    facts = decodeMovementBatch(batch);
  } catch (err) {
    return { skipped: (err as Error).message };
  }
  return { movements: facts.map((f) => movementRowOf(doc.locationId, f)) };
}

/** One ledger row: a movement fact at the location it happened at. */
export function movementRowOf(locationId: string, f: MovementFact): StockMovementsRow {
  return {
    id: f.id,
    location_id: locationId,
    item_id: f.itemId,
    kind: f.kind,
    delta_base: f.deltaBase,
    lot: f.lot,
    expires_on: f.expiresOn,
    at_ms: f.atMs,
    actor_id: f.actorId,
    actor_name: f.actorName,
    reason: f.reason,
    note: f.note,
    supplier_id: f.supplierId,
    reverses_id: f.reversesId,
    transfer_id: f.transferId,
    other_location_id: f.otherLocationId,
    count_id: f.countId,
    unit_cost_milli_cents: f.unitCostMilliCents,
  };
}
