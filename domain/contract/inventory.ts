import { z } from 'zod';
import { BASE_UNITS, type BaseUnit, type PackSize } from '../inventory/units';
import { COUNT_STATUSES, type CountStatus } from '../inventory/catalog-records';
import { isoDay, MOVEMENT_KINDS, WASTE_REASONS, type MovementKind } from '../inventory/movements';
import { PROBE_MAX_CENTI_C, PROBE_MIN_CENTI_C, TCS_HOLDINGS, type ReceivingDecision, type TcsHolding } from '../inventory/receiving-check';
import { PAPER_SIZES } from '../report/inspection-report';
import { method } from './define';
import type { ReportFile } from './report';
import { id, optionalTextFor, shortTextFor, wholeNumber } from './limits';

/** Inventory: the catalog, the stock ledger and what it sums to, transfers, counts. */

const MAX_BASE = 1_000_000_000;
const baseQty = (what: string) => wholeNumber(0, MAX_BASE, `${what} is a whole number from 0 to 1,000,000,000.`);
const packName = z.string('Choose a pack size.').min(1, 'Choose a pack size.').max(60);
/** How many packs: any positive amount that makes a whole number of base units (checked by the engine). */
const packQty = z.number('Enter a quantity.').positive('A quantity is more than zero.').max(MAX_BASE, 'That quantity is too large.');
const note = optionalTextFor('The note', 500);
const lot = optionalTextFor('The lot number', 60);
const expiresOn = isoDay.nullable();
const locationId = id;

export const packSizeInput = z.strictObject({
  name: shortTextFor("The pack's name", 60),
  baseQty: wholeNumber(1, MAX_BASE, 'A pack holds a whole number of base units, at least 1.'),
});

export const itemFields = z.strictObject({
  name: shortTextFor("The item's name"),
  sku: optionalTextFor('The SKU', 64),
  category: optionalTextFor('The category', 60),
  storageArea: optionalTextFor('The storage area', 60),
  baseUnit: z.enum(BASE_UNITS, 'The base unit is g, ml or each.'),
  packs: z.array(packSizeInput).max(10, 'An item has at most 10 pack sizes.'),
  parBase: baseQty('The par level'),
  reorderPointBase: baseQty('The reorder point'),
  unitCostMilliCents: wholeNumber(0, 1_000_000_000_000, 'The unit cost is zero or more.'),
  supplierId: id.nullable(),
  perishable: z.boolean(),
  shelfLifeDays: wholeNumber(1, 3650, 'The shelf life is 1 to 3,650 days.').nullable(),
  tcs: z.boolean(),
  active: z.boolean(),
});
export type ItemFields = z.infer<typeof itemFields>;

export const supplierFields = z.strictObject({
  name: shortTextFor("The supplier's name"),
  contact: optionalTextFor('The contact', 120),
  phone: optionalTextFor('The phone number', 40),
  email: optionalTextFor('The email address', 120),
  active: z.boolean(),
});
export type SupplierFields = z.infer<typeof supplierFields>;

export interface ItemView extends ItemFields {
  id: string;
  packs: PackSize[];
  baseUnit: BaseUnit;
}
export interface SupplierView extends SupplierFields {
  id: string;
}

export interface OnHandRow {
  item: ItemView;
  onHandBase: number;
  valueCents: number;
  belowReorderPoint: boolean;
  /** Base units in lots past their date. */
  expiredBase: number;
}

/** A receiving temperature check, as recorded (domain/inventory/receiving-check.ts). */
export interface ReceivingCheckView {
  id: string;
  itemId: string;
  itemName: string;
  supplierId: string | null;
  holding: TcsHolding;
  tempCentiC: number;
  receivedFrozen: boolean;
  passed: boolean;
  decision: ReceivingDecision;
  correctiveAction: string;
  qtyBase: number;
  lot: string;
  /** The receive movement; null for a rejected line. */
  movementId: string | null;
  atMs: number;
  actorName: string;
}

export interface MovementView {
  id: string;
  kind: MovementKind;
  itemId: string;
  locationId: string;
  deltaBase: number;
  lot: string;
  expiresOn: string | null;
  atMs: number;
  actorName: string;
  reason: string;
  note: string;
  supplierId: string | null;
  reversesId: string | null;
  /** The reversal that undid this one, if any. */
  reversedById: string | null;
  transferId: string | null;
  otherLocationId: string | null;
  countId: string | null;
  /** A receipt's temperature check, when one was taken (always for TCS food). */
  receivingCheck: ReceivingCheckView | null;
}

export interface HistoryPage {
  movements: MovementView[];
  /** Pass back as `before` for the next (older) page; null on the last. */
  nextBefore: string | null;
}

export interface LotView {
  lot: string;
  expiresOn: string | null;
  onHandBase: number;
  state: 'expired' | 'expiringSoon' | 'fresh';
}

export interface ExpiringRow extends LotView {
  itemId: string;
  itemName: string;
  baseUnit: BaseUnit;
}

export interface LowStockRow {
  itemId: string;
  itemName: string;
  baseUnit: BaseUnit;
  onHandBase: number;
  reorderPointBase: number;
  parBase: number;
  suggested: { packName: string | null; packs: number; baseQty: number };
  supplierId: string | null;
}

export interface TransferView {
  transferId: string;
  fromLocationId: string;
  toLocationId: string;
  atMs: number;
  sentBy: string;
  note: string;
  lines: { itemId: string; itemName: string; lot: string; expiresOn: string | null; qtyBase: number }[];
}

export interface CountSummary {
  id: string;
  locationId: string;
  storageArea: string;
  status: CountStatus;
  blind: boolean;
  startedAtMs: number;
  startedBy: string;
  linesCounted: number;
}

export interface CountSheetLine {
  itemId: string;
  itemName: string;
  sku: string;
  storageArea: string;
  baseUnit: BaseUnit;
  packs: PackSize[];
  counted: { packName: string; packQty: number; countedBase: number } | null;
  /** Hidden (null) on a blind count until a manager reviews it. */
  expectedBase: number | null;
  varianceBase: number | null;
  varianceCents: number | null;
}

export interface CountSheet extends CountSummary {
  lines: CountSheetLine[];
  /** Totals of the variance, when shown. */
  varianceCents: number | null;
}

/** A printable count sheet (PDF, base64), for a download in the browser or a save in the app. */
export type CountSheetFile = Omit<ReportFile, 'digest'>;

export interface CsvImportResult {
  /** Nothing was imported when `errors` is not empty and the clean rows were not asked for. */
  imported: boolean;
  created: number;
  updated: number;
  errors: { line: number; message: string }[];
}

const movementLine = z.strictObject({ itemId: id, packName, qty: packQty });

const probeSentence = 'A receiving temperature is -50 °C to 300 °C (-58 °F to 572 °F).';
/**
 * The receiving check of a line (required for TCS food, Food Code 3-202.11). Food that fails it is
 * rejected at the door, or accepted with the corrective action taken.
 */
export const receivingCheckInput = z.strictObject({
  holding: z.enum(TCS_HOLDINGS, 'Say how the food arrived: cold (refrigerated), hot or frozen.'),
  tempCentiC: z
    .number('The receiving temperature must be a number.')
    .int('The receiving temperature is in whole hundredths of a °C.')
    .min(PROBE_MIN_CENTI_C, probeSentence)
    .max(PROBE_MAX_CENTI_C, probeSentence),
  receivedFrozen: z.boolean().default(false),
  decision: z.enum(['accept', 'reject'], 'The decision is accept or reject.').nullable().default(null),
  correctiveAction: optionalTextFor('The corrective action', 500).default(''),
});

export const inventoryMethods = {
  'inventory.items': method<ItemView[]>()({ input: z.strictObject({ includeInactive: z.boolean().default(false) }), access: 'inventory.view', mutation: false }),
  'inventory.saveItem': method<ItemView>()({ input: z.strictObject({ itemId: id.nullable(), fields: itemFields }), access: 'inventory.manage', mutation: true }),
  'inventory.suppliers': method<SupplierView[]>()({ input: z.strictObject({ includeInactive: z.boolean().default(false) }), access: 'inventory.view', mutation: false }),
  'inventory.saveSupplier': method<SupplierView>()({ input: z.strictObject({ supplierId: id.nullable(), fields: supplierFields }), access: 'inventory.manage', mutation: true }),
  'inventory.exportCatalog': method<{ csv: string }>()({ input: z.strictObject({}), access: 'inventory.view', mutation: false }),
  'inventory.importCatalog': method<CsvImportResult>()({
    input: z.strictObject({ csv: z.string().max(5_000_000, 'A catalog file is at most 5 MB.'), importCleanRows: z.boolean().default(false) }),
    access: 'inventory.manage',
    mutation: true,
  }),

  'inventory.onHand': method<OnHandRow[]>()({
    input: z.strictObject({
      locationId,
      search: z.string().max(120).default(''),
      category: z.string().max(60).nullable().default(null),
      storageArea: z.string().max(60).nullable().default(null),
      onlyBelowReorderPoint: z.boolean().default(false),
    }),
    access: 'inventory.view',
    mutation: false,
  }),
  'inventory.history': method<HistoryPage>()({
    input: z.strictObject({ locationId, itemId: id, before: z.string().max(200).nullable().default(null), limit: z.number().int().min(1).max(500).default(50) }),
    access: 'inventory.view',
    mutation: false,
  }),
  /** The item's lots at a location, first expiring first: the FEFO suggestion for using stock. */
  'inventory.lots': method<LotView[]>()({ input: z.strictObject({ locationId, itemId: id }), access: 'inventory.view', mutation: false }),
  'inventory.expiring': method<ExpiringRow[]>()({
    input: z.strictObject({ locationId, leadDays: wholeNumber(0, 60, 'The lead time is 0 to 60 days.').default(3) }),
    access: 'inventory.view',
    mutation: false,
  }),
  'inventory.lowStock': method<LowStockRow[]>()({ input: z.strictObject({ locationId }), access: 'inventory.view', mutation: false }),

  'inventory.receive': method<MovementView[]>()({
    input: z.strictObject({
      locationId,
      supplierId: id.nullable(),
      note,
      lines: z
        .array(
          movementLine.extend({
            lot,
            expiresOn,
            unitCostMilliCents: wholeNumber(0, 1_000_000_000_000, 'The unit cost is zero or more.').nullable().default(null),
            receivingCheck: receivingCheckInput.nullable().default(null),
          }),
        )
        .min(1, 'A delivery has at least one line.')
        .max(500, 'A delivery has at most 500 lines.'),
    }),
    access: 'inventory.manage',
    mutation: true,
  }),
  /** Receiving checks at a location, newest first: of one item, or of every item. */
  'inventory.receivingChecks': method<ReceivingCheckView[]>()({
    input: z.strictObject({ locationId, itemId: id.nullable().default(null), limit: z.number().int().min(1).max(500).default(50) }),
    access: 'inventory.view',
    mutation: false,
  }),
  /** Use (production): taken from the lots first expiring first, unless a lot is named. */
  'inventory.use': method<MovementView[]>()({
    input: movementLine.extend({ locationId, lot: lot.nullable().default(null), note }),
    access: 'inventory.record',
    mutation: true,
  }),
  'inventory.waste': method<MovementView[]>()({
    input: movementLine.extend({ locationId, lot: lot.nullable().default(null), reason: z.enum(WASTE_REASONS, 'Choose why it was wasted.'), note }),
    access: 'inventory.record',
    mutation: true,
  }),
  'inventory.transfer': method<TransferView>()({
    input: z.strictObject({ fromLocationId: id, toLocationId: id, note, lines: z.array(movementLine).min(1, 'A transfer has at least one line.').max(500) }),
    access: 'inventory.manage',
    mutation: true,
  }),
  'inventory.inTransit': method<TransferView[]>()({ input: z.strictObject({ locationId }), access: 'inventory.view', mutation: false }),
  'inventory.confirmTransfer': method<MovementView[]>()({ input: z.strictObject({ locationId, transferId: id }), access: 'inventory.manage', mutation: true }),
  'inventory.reverse': method<MovementView>()({
    input: z.strictObject({ movementId: id, reason: shortTextFor('The reason', 60) }),
    access: 'inventory.manage',
    mutation: true,
  }),

  'inventory.counts': method<CountSummary[]>()({ input: z.strictObject({ locationId }), access: 'inventory.view', mutation: false }),
  'inventory.startCount': method<CountSummary>()({
    input: z.strictObject({ locationId, storageArea: optionalTextFor('The storage area', 60), blind: z.boolean().default(true) }),
    access: 'inventory.record',
    mutation: true,
  }),
  'inventory.countSheet': method<CountSheet>()({ input: z.strictObject({ countId: id }), access: 'inventory.view', mutation: false }),
  'inventory.enterCount': method<CountSheetLine>()({
    input: z.strictObject({ countId: id, itemId: id, packName, qty: z.number('Enter a quantity.').min(0, 'A count is zero or more.').max(MAX_BASE) }),
    access: 'inventory.record',
    mutation: true,
  }),
  'inventory.submitCount': method<CountSummary>()({ input: z.strictObject({ countId: id }), access: 'inventory.record', mutation: true }),
  'inventory.approveCount': method<CountSheet>()({ input: z.strictObject({ countId: id }), access: 'inventory.manage', mutation: true }),
  'inventory.discardCount': method<CountSummary>()({ input: z.strictObject({ countId: id }), access: 'inventory.manage', mutation: true }),
  /** The count sheet to print, by storage area: blind unless a manager asks for the quantities on the books. */
  'inventory.countSheetPdf': method<CountSheetFile>()({
    input: z.strictObject({ countId: id, paper: z.enum(PAPER_SIZES, 'The paper is A4 or Letter.').default('letter'), showExpected: z.boolean().default(false) }),
    access: 'inventory.view',
    mutation: false,
  }),
};

export { MOVEMENT_KINDS, WASTE_REASONS, COUNT_STATUSES };
