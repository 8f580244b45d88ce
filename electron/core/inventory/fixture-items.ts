import type { ItemFields } from '../../../domain/contract/inventory';

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
