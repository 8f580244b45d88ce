import { z } from 'zod';

/**
 * The stock ledger. Stock changes only through movements; a movement is a fact, never edited or
 * deleted; a mistake is fixed by a reversal that names the movement it undoes. Every movement is a
 * signed whole number of base units, so a balance is exactly the sum of its movements.
 */
export const MOVEMENT_KINDS = ['receive', 'use', 'waste', 'transferOut', 'transferIn', 'countAdjustment', 'reversal'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

export const WASTE_REASONS = ['expired', 'spoiled', 'damaged', 'overproduction', 'dropped', 'temperature', 'other'] as const;
export type WasteReason = (typeof WASTE_REASONS)[number];

/** Which way each kind moves stock; a count adjustment and a reversal go either way. */
const SIGN: Record<MovementKind, 1 | -1 | 0> = {
  receive: 1,
  use: -1,
  waste: -1,
  transferOut: -1,
  transferIn: 1,
  countAdjustment: 0,
  reversal: 0,
};

/** An ISO day (YYYY-MM-DD): expiry is a calendar date on the label, not an instant. */
export const isoDay = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/);

export const movementFact = z
  .strictObject({
    id: z.string().min(1).max(64),
    kind: z.enum(MOVEMENT_KINDS),
    itemId: z.string().min(1).max(64),
    /** Signed base units; never zero. */
    deltaBase: z.number().int().refine((n) => n !== 0 && Number.isSafeInteger(n)),
    /** '' for stock kept without lots. */
    lot: z.string().max(60),
    expiresOn: isoDay.nullable(),
    atMs: z.number().int(),
    actorId: z.string().max(64).nullable(),
    actorName: z.string().max(200),
    /** Waste reason, or why a reversal was made. */
    reason: z.string().max(60),
    note: z.string().max(500),
    supplierId: z.string().max(64).nullable(),
    /** The movement a reversal undoes. */
    reversesId: z.string().max(64).nullable(),
    /** Transfers: the transfer's id (the same on both sides) and the location at the other end. */
    transferId: z.string().max(64).nullable(),
    otherLocationId: z.string().max(64).nullable(),
    /** Count adjustments: the count they post. */
    countId: z.string().max(64).nullable(),
    /** What a unit was worth when it moved (receive: the price paid). */
    unitCostMilliCents: z.number().int().min(0),
  })
  .refine((m) => SIGN[m.kind] === 0 || Math.sign(m.deltaBase) === SIGN[m.kind], { message: 'the quantity goes the wrong way for its kind' })
  .refine((m) => (m.kind === 'reversal') === (m.reversesId !== null), { message: 'a reversal names what it reverses, and only a reversal does' })
  .refine((m) => (m.kind === 'transferOut' || m.kind === 'transferIn') === (m.transferId !== null && m.otherLocationId !== null), {
    message: 'a transfer names its transfer and the other location',
  });
export type MovementFact = z.infer<typeof movementFact>;

/** A movement as the ledger holds it, at its location (from the log document it came in). */
export interface LedgerMovement {
  locationId: string;
  itemId: string;
  lot: string;
  deltaBase: number;
}

/** The balances a list of movements sums to, by location and item: the definition the triggers materialize. */
export function balancesOf(movements: readonly LedgerMovement[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of movements) {
    const key = `${m.locationId}\u0000${m.itemId}`;
    out.set(key, (out.get(key) ?? 0) + m.deltaBase);
  }
  return out;
}
