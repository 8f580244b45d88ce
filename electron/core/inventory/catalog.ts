import * as Y from 'yjs';
import { v7 as uuidv7 } from 'uuid';
import type { ItemFields, ItemView, SupplierFields, SupplierView } from '../../../domain/contract/inventory';
import { CATALOG_MAPS, type ItemRecord, type SupplierRecord } from '../../../domain/inventory/catalog-records';
import type { InventoryItemsRow, InventorySuppliersRow } from '../../../domain/inventory/rows';
import type { BaseUnit, PackSize } from '../../../domain/inventory/units';
import { directoryDocName } from '../../../domain/sync/doc-names';
import { OpsFlowError } from '../../../domain/errors';
import type { Store } from '../store';

/**
 * The catalog is the organization's: items and suppliers are records of the directory document,
 * written here, read from their tables.
 */
function tenantDoc(store: Store): string {
  const identity = store.identity();
  if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before editing the catalog.');
  return directoryDocName(identity.tenantId);
}

function putRecord(store: Store, map: string, id: string, fields: Record<string, unknown>): void {
  store.docs.change(tenantDoc(store), (doc) => {
    const existing = doc.getMap(map).get(id);
    if (existing instanceof Y.Map) {
      for (const [k, v] of Object.entries(fields)) if (JSON.stringify(existing.get(k)) !== JSON.stringify(v)) existing.set(k, v);
    } else {
      doc.getMap(map).set(id, new Y.Map(Object.entries(fields)));
    }
  });
}

export function itemNotFound(): OpsFlowError {
  return new OpsFlowError('NOT_FOUND', 'That item is not in the catalog.');
}

/** Creates (id null) or changes an item; returns its id. */
export function saveItem(store: Store, itemId: string | null, fields: ItemFields): string {
  checkItem(store, fields);
  const id = itemId ?? uuidv7();
  const existing = itemId ? itemRow(store, itemId) : undefined;
  if (itemId && !existing) throw itemNotFound();
  const record: ItemRecord = { ...fields, createdAtMs: existing?.created_at_ms ?? store.now() };
  putRecord(store, CATALOG_MAPS.items, id, record);
  return id;
}

/** Rules across fields: a sentence for the first one broken. */
export function checkItem(store: Store, fields: ItemFields): void {
  if (fields.reorderPointBase > fields.parBase) throw new OpsFlowError('BAD_INPUT', 'The reorder point cannot be above the par level.');
  if (fields.perishable && fields.shelfLifeDays === null) throw new OpsFlowError('BAD_INPUT', 'A perishable item needs its shelf life in days.');
  const names = new Set<string>([fields.baseUnit]);
  for (const pack of fields.packs) {
    if (names.has(pack.name)) throw new OpsFlowError('BAD_INPUT', `The pack size "${pack.name}" is named twice.`);
    names.add(pack.name);
  }
  if (fields.supplierId !== null && !supplierRow(store, fields.supplierId)) throw new OpsFlowError('BAD_INPUT', 'That supplier is not in the catalog.');
}

export function saveSupplier(store: Store, supplierId: string | null, fields: SupplierFields): string {
  const id = supplierId ?? uuidv7();
  const existing = supplierId ? supplierRow(store, supplierId) : undefined;
  if (supplierId && !existing) throw new OpsFlowError('NOT_FOUND', 'That supplier is not in the catalog.');
  const record: SupplierRecord = { ...fields, createdAtMs: existing?.created_at_ms ?? store.now() };
  putRecord(store, CATALOG_MAPS.suppliers, id, record);
  return id;
}

export function itemRow(store: Store, itemId: string): InventoryItemsRow | undefined {
  return store.q.first(store.db.selectFrom('inventory_items').selectAll().where('id', '=', itemId));
}

export function requireItem(store: Store, itemId: string): ItemView {
  const row = itemRow(store, itemId);
  if (!row) throw itemNotFound();
  return itemView(row);
}

export function supplierRow(store: Store, supplierId: string): InventorySuppliersRow | undefined {
  return store.q.first(store.db.selectFrom('inventory_suppliers').selectAll().where('id', '=', supplierId));
}

export function itemView(row: InventoryItemsRow): ItemView {
  return {
    id: row.id,
    name: row.name,
    sku: row.sku,
    category: row.category,
    storageArea: row.storage_area,
    baseUnit: row.base_unit as BaseUnit,
    packs: JSON.parse(row.packs) as PackSize[],
    parBase: row.par_base,
    reorderPointBase: row.reorder_point_base,
    unitCostMilliCents: row.unit_cost_milli_cents,
    supplierId: row.supplier_id,
    perishable: row.perishable === 1,
    shelfLifeDays: row.shelf_life_days,
    tcs: row.tcs === 1,
    active: row.active === 1,
  };
}

export function supplierView(row: InventorySuppliersRow): SupplierView {
  return { id: row.id, name: row.name, contact: row.contact, phone: row.phone, email: row.email, active: row.active === 1 };
}

export function items(store: Store, includeInactive: boolean): ItemView[] {
  let query = store.db.selectFrom('inventory_items').selectAll().orderBy('name').orderBy('id');
  if (!includeInactive) query = query.where('active', '=', 1);
  return store.q.all(query).map(itemView);
}

export function suppliers(store: Store, includeInactive: boolean): SupplierView[] {
  let query = store.db.selectFrom('inventory_suppliers').selectAll().orderBy('name').orderBy('id');
  if (!includeInactive) query = query.where('active', '=', 1);
  return store.q.all(query).map(supplierView);
}
