import type { ItemFields } from '../contract/inventory';
import { itemFields } from '../contract/inventory';
import { BASE_UNITS, type BaseUnit, type PackSize } from './units';

/**
 * The catalog as a spreadsheet: one item a row. Pack sizes are "name=base units" separated by
 * semicolons ("case=6000;bag=1000"); quantities are in the base unit; the unit cost is in cents per
 * base unit (up to three decimals: flour at $0.80/kg is 0.08); the supplier is named.
 * Parsing the CSV itself is the CSV library's job; this file turns a row's cells into an item.
 */
export const CATALOG_COLUMNS = [
  'sku',
  'name',
  'category',
  'storage_area',
  'base_unit',
  'packs',
  'par',
  'reorder_point',
  'unit_cost_cents',
  'supplier',
  'perishable',
  'shelf_life_days',
  'tcs',
  'active',
] as const;
export type CatalogColumn = (typeof CATALOG_COLUMNS)[number];
export type CatalogCells = Record<CatalogColumn, string>;

/** A file may leave these out: no SKU, and every item active. */
const OPTIONAL_COLUMNS = new Set<CatalogColumn>(['sku', 'active']);

/** Columns missing from a header, or not ours: a file is refused before any row is read. */
export function headerProblem(header: readonly string[]): string | null {
  const missing = CATALOG_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.has(c) && !header.includes(c));
  if (missing.length > 0) return `the header lacks the column(s) ${missing.join(', ')}`;
  const unknown = header.filter((h) => !(CATALOG_COLUMNS as readonly string[]).includes(h));
  if (unknown.length > 0) return `the header has column(s) OpsFlow does not know: ${unknown.join(', ')} (expected ${CATALOG_COLUMNS.join(', ')})`;
  return null;
}

const YES = new Set(['yes', 'y', 'true', '1']);
const NO = new Set(['no', 'n', 'false', '0', '']);

function flag(cell: string, column: string): boolean {
  const v = cell.trim().toLowerCase();
  if (YES.has(v)) return true;
  if (NO.has(v)) return false;
  throw new Error(`${column} is "${cell}"; write yes or no`);
}

function whole(cell: string, column: string): number {
  if (!/^\d+$/.test(cell.trim())) throw new Error(`${column} is "${cell}"; write a whole number of base units`);
  return Number(cell.trim());
}

/** "case=6000;L=1000" as pack sizes; throws a sentence fragment naming the part it cannot read. */
export function parsePacks(cell: string): PackSize[] {
  if (!cell.trim()) return [];
  return cell.split(';').map((part) => {
    const m = /^\s*([^=]+?)\s*=\s*(\d+)\s*$/.exec(part);
    if (!m || Number(m[2]) < 1) throw new Error(`packs has "${part.trim()}"; write each pack as name=base units, e.g. case=6000`);
    return { name: m[1]!, baseQty: Number(m[2]) };
  });
}

function milliCents(cell: string): number {
  const m = /^\s*(\d+)(?:\.(\d{1,3}))?\s*$/.exec(cell);
  if (!m) throw new Error(`unit_cost_cents is "${cell}"; write cents per base unit with at most three decimals, e.g. 0.08`);
  return Number(m[1]) * 1000 + Number((m[2] ?? '').padEnd(3, '0'));
}

export function formatMilliCents(value: number): string {
  const cents = Math.floor(value / 1000);
  const rest = value % 1000;
  return rest === 0 ? String(cents) : `${cents}.${String(rest).padStart(3, '0').replace(/0+$/, '')}`;
}

/**
 * One row's cells as an item's fields, or the first thing wrong with it as a sentence fragment.
 * `supplierIdByName` resolves the supplier column (case-insensitively).
 */
export function catalogRowToItem(cells: Partial<CatalogCells>, supplierIdByName: ReadonlyMap<string, string>): { fields: ItemFields } | { error: string } {
  try {
    const cell = (c: CatalogColumn) => (cells[c] ?? '').trim();
    const baseUnit = cell('base_unit').toLowerCase();
    if (!(BASE_UNITS as readonly string[]).includes(baseUnit)) throw new Error(`base_unit is "${cell('base_unit')}"; write g, ml or each`);
    const supplierName = cell('supplier');
    const supplierId = supplierName ? supplierIdByName.get(supplierName.toLowerCase()) : null;
    if (supplierId === undefined) throw new Error(`supplier "${supplierName}" is not in the catalog; add the supplier first`);
    const shelfLife = cell('shelf_life_days');
    const candidate = {
      name: cell('name'),
      sku: cell('sku'),
      category: cell('category'),
      storageArea: cell('storage_area'),
      baseUnit: baseUnit as BaseUnit,
      packs: parsePacks(cell('packs')),
      parBase: whole(cell('par'), 'par'),
      reorderPointBase: whole(cell('reorder_point'), 'reorder_point'),
      unitCostMilliCents: milliCents(cell('unit_cost_cents') || '0'),
      supplierId,
      perishable: flag(cell('perishable'), 'perishable'),
      shelfLifeDays: shelfLife ? whole(shelfLife, 'shelf_life_days') : null,
      tcs: flag(cell('tcs'), 'tcs'),
      active: cells.active === undefined || cell('active') === '' ? true : flag(cell('active'), 'active'),
    };
    const checked = itemFields.safeParse(candidate);
    if (!checked.success) throw new Error(checked.error.issues[0]?.message.replace(/\.$/, '') ?? 'malformed');
    const f = checked.data;
    if (f.reorderPointBase > f.parBase) throw new Error('reorder_point is above par');
    if (f.perishable && f.shelfLifeDays === null) throw new Error('a perishable item needs shelf_life_days');
    const names = new Set<string>([f.baseUnit]);
    for (const p of f.packs) {
      if (names.has(p.name)) throw new Error(`the pack "${p.name}" is named twice`);
      names.add(p.name);
    }
    return { fields: f };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

export function itemToCatalogCells(item: ItemFields, supplierName: string): CatalogCells {
  return {
    sku: item.sku,
    name: item.name,
    category: item.category,
    storage_area: item.storageArea,
    base_unit: item.baseUnit,
    packs: item.packs.map((p) => `${p.name}=${p.baseQty}`).join(';'),
    par: String(item.parBase),
    reorder_point: String(item.reorderPointBase),
    unit_cost_cents: formatMilliCents(item.unitCostMilliCents),
    supplier: supplierName,
    perishable: item.perishable ? 'yes' : 'no',
    shelf_life_days: item.shelfLifeDays === null ? '' : String(item.shelfLifeDays),
    tcs: item.tcs ? 'yes' : 'no',
    active: item.active ? 'yes' : 'no',
  };
}
