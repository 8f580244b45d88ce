import type { ItemFields } from '../../../domain/contract/inventory';
import type { Engine } from '../engine';
import { call } from '../testing/test-engine';

/** Catalog items tests stock: flour by the 25 kg sack, milk by the case of 6 × 1 L (perishable, TCS). */
export const FLOUR: ItemFields = {
  name: 'Flour',
  sku: 'FL-25',
  category: 'Dry goods',
  storageArea: 'Dry store',
  baseUnit: 'g',
  packs: [{ name: 'sack', baseQty: 25_000 }, { name: 'kg', baseQty: 1000 }],
  parBase: 100_000,
  reorderPointBase: 30_000,
  unitCostMilliCents: 80, // $0.80 a kilo
  supplierId: null,
  perishable: false,
  shelfLifeDays: null,
  tcs: false,
  active: true,
};

export const MILK: ItemFields = {
  name: 'Milk',
  sku: 'MI-6',
  category: 'Dairy',
  storageArea: 'Walk-in',
  baseUnit: 'ml',
  packs: [{ name: 'case', baseQty: 6000 }, { name: 'L', baseQty: 1000 }],
  parBase: 24_000,
  reorderPointBase: 12_000,
  unitCostMilliCents: 120, // $1.20 a litre
  supplierId: null,
  perishable: true,
  shelfLifeDays: 7,
  tcs: true,
  active: true,
};

/** Milk is TCS food: a delivery of it carries its receiving temperature, 3 °C (37.4 °F) here. */
export const COLD_ON_RECEIPT = { holding: 'cold', tempCentiC: 300, receivedFrozen: false, decision: null, correctiveAction: '' } as const;

export async function addItem(engine: Engine, token: string, fields: ItemFields): Promise<string> {
  return (await call(engine, 'inventory.saveItem', { itemId: null, fields }, token)).id;
}

/** On hand of an item at a location, as the on-hand list says (0 when not listed). */
export async function onHandOf(engine: Engine, token: string, locationId: string, itemId: string): Promise<number> {
  const rows = await call(engine, 'inventory.onHand', { locationId }, token);
  return rows.find((r) => r.item.id === itemId)?.onHandBase ?? 0;
}

/** The ledger's sum for an item at a location, straight from SQL. */
export function ledgerSum(engine: Engine, locationId: string, itemId: string): number {
  return Number(
    engine.context.sqlite.prepare('SELECT COALESCE(SUM(delta_base), 0) FROM stock_movements WHERE location_id = ? AND item_id = ?').pluck().get(locationId, itemId),
  );
}
