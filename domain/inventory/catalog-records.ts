import { z } from 'zod';
import { BASE_UNITS } from './units';

/**
 * The catalog is the organization's, shared by every restaurant: items and suppliers are records
 * of the `<tenant>/directory` document (one Y.Map each, last writer wins per field). Counts in
 * progress are a location's mutable state, in its ops document.
 */
export const CATALOG_MAPS = { items: 'inventoryItems', suppliers: 'inventorySuppliers' } as const;
/**
 * Count lines are records of their own (key `<countId>/<itemId>`), not a field of the count: two
 * people counting different shelves of one count on two PCs both keep their lines.
 */
export const INVENTORY_OPS_MAPS = { counts: 'stockCounts', countLines: 'stockCountLines' } as const;

export const packSizeRecord = z.object({ name: z.string().min(1).max(60), baseQty: z.number().int().min(1).max(1_000_000_000) });

export const itemRecord = z.object({
  name: z.string().min(1).max(120),
  sku: z.string().max(64),
  category: z.string().max(60),
  storageArea: z.string().max(60),
  baseUnit: z.enum(BASE_UNITS),
  packs: z.array(packSizeRecord).max(10),
  parBase: z.number().int().min(0),
  reorderPointBase: z.number().int().min(0),
  /** Per base unit, in thousandths of a cent (see units.ts valueCents). */
  unitCostMilliCents: z.number().int().min(0),
  supplierId: z.string().max(64).nullable(),
  perishable: z.boolean(),
  shelfLifeDays: z.number().int().min(1).max(3650).nullable(),
  /** Time/temperature control for safety: a delivery needs a receiving temperature check. */
  tcs: z.boolean(),
  active: z.boolean(),
  createdAtMs: z.number().int(),
});
export type ItemRecord = z.infer<typeof itemRecord>;

export const supplierRecord = z.object({
  name: z.string().min(1).max(120),
  contact: z.string().max(120),
  phone: z.string().max(40),
  email: z.string().max(120),
  active: z.boolean(),
  createdAtMs: z.number().int(),
});
export type SupplierRecord = z.infer<typeof supplierRecord>;

export const COUNT_STATUSES = ['open', 'submitted', 'approved', 'discarded'] as const;
export type CountStatus = (typeof COUNT_STATUSES)[number];

/** A line as entered: the pack it was counted in and how many, and what that is in base units. */
export const countLineRecord = z.object({ packName: z.string().max(60), packQty: z.number().min(0), countedBase: z.number().int().min(0), atMs: z.number().int() });
export type CountLineRecord = z.infer<typeof countLineRecord>;

export function countLineKey(countId: string, itemId: string): string {
  return `${countId}/${itemId}`;
}

/** A stock count in progress (or done) at a location: a record of its ops document, so it survives a restart. */
export const countRecord = z.object({
  storageArea: z.string().max(60),
  status: z.enum(COUNT_STATUSES),
  /** Expected quantities hidden from whoever counts (the default). */
  blind: z.boolean(),
  startedAtMs: z.number().int(),
  startedBy: z.string().max(120),
  decidedAtMs: z.number().int().nullable(),
  decidedBy: z.string().max(120).nullable(),
});
export type CountRecord = z.infer<typeof countRecord>;
