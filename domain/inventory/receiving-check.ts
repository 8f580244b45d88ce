import { z } from 'zod';
import { DEFAULT_LIMITS, isInRange, type CriticalLimit } from '../haccp/limits';
import { decodeJsonBatch, encodeJsonBatch } from '../haccp/json-batch';
import { BATCH_KIND } from '../sync/fact-batch';

/**
 * The receiving check of TCS food (Food Code 3-202.11): refrigerated food arrives at 5 °C / 41 °F or
 * below, hot food at 57 °C / 135 °F or above, frozen food frozen. At the limit is in range. The
 * limits are the HACCP defaults (domain/haccp/limits.ts), the Code's metric figures, so a person
 * who types 5 °C or 41 °F, 57 °C or 135 °F, lands in range.
 */
export const TCS_HOLDINGS = ['cold', 'hot', 'frozen'] as const;
export type TcsHolding = (typeof TCS_HOLDINGS)[number];

export const TCS_HOLDING_WORDS: Record<TcsHolding, string> = { cold: 'Refrigerated', hot: 'Hot', frozen: 'Frozen' };

/** A probe temperature a person may enter: −50 °C to 300 °C, as the checklists take it. */
export const PROBE_MIN_CENTI_C = -5000;
export const PROBE_MAX_CENTI_C = 30_000;

export interface ReceivingMeasurement {
  holding: TcsHolding;
  tempCentiC: number;
  /** Frozen food: the person saw it frozen solid, no signs of thawing. */
  receivedFrozen: boolean;
}

export interface ReceivingVerdict {
  passed: boolean;
  /** The temperature limit judged against; null for frozen food (judged on "received frozen"). */
  limit: CriticalLimit | null;
}

export function receivingLimit(holding: TcsHolding): CriticalLimit | null {
  if (holding === 'cold') return DEFAULT_LIMITS.receiving;
  if (holding === 'hot') return DEFAULT_LIMITS['hot-holding'];
  return null;
}

export function judgeReceiving(m: ReceivingMeasurement): ReceivingVerdict {
  const limit = receivingLimit(m.holding);
  return { passed: limit ? isInRange(m.tempCentiC, limit) : m.receivedFrozen, limit };
}

/** Hundredths as a number: one decimal, or two when the second matters (5.01 °C is not "5.0"). */
function hundredthsWords(hundredths: number): string {
  return (hundredths / 100).toFixed(hundredths % 10 === 0 ? 1 : 2);
}

/** "7.0 °C (44.6 °F)": both scales, since a delivery driver's probe may show either. */
export function bothScales(centiC: number): string {
  return `${hundredthsWords(centiC)} °C (${hundredthsWords(Math.round((centiC * 9) / 5 + 3200))} °F)`;
}

/** Why a check failed, for the person receiving: what was measured against what the Code asks. */
export function failureWords(itemName: string, m: ReceivingMeasurement): string {
  const limit = receivingLimit(m.holding);
  if (!limit) return `${itemName} did not arrive frozen (Food Code 3-202.11)`;
  const side = limit.kind === 'max' ? 'above' : 'below';
  const what = m.holding === 'cold' ? 'refrigerated' : 'hot';
  return `${itemName} arrived at ${bothScales(m.tempCentiC)}, ${side} the ${bothScales(limit.limitCentiC)} limit for ${what} TCS food (Food Code 3-202.11)`;
}

export const RECEIVING_DECISIONS = ['accepted', 'rejected'] as const;
export type ReceivingDecision = (typeof RECEIVING_DECISIONS)[number];

/**
 * A receiving check is a fact of the location's log document, written in the same transaction as
 * the receive movement it belongs to. A rejected line has no movement: the check is the record
 * that the delivery was refused at the door.
 */
export const receivingCheckFact = z
  .strictObject({
    id: z.string().min(1).max(64),
    itemId: z.string().min(1).max(64),
    /** The item's name as it was, for the record. */
    itemName: z.string().max(120),
    supplierId: z.string().max(64).nullable(),
    holding: z.enum(TCS_HOLDINGS),
    tempCentiC: z.number().int().min(PROBE_MIN_CENTI_C).max(PROBE_MAX_CENTI_C),
    receivedFrozen: z.boolean(),
    passed: z.boolean(),
    decision: z.enum(RECEIVING_DECISIONS),
    /** What was done to accept food that failed its check; '' otherwise. */
    correctiveAction: z.string().max(500),
    /** How much was delivered (received or refused), in base units. */
    qtyBase: z.number().int().positive(),
    lot: z.string().max(60),
    /** The receive movement; null exactly when the line was rejected. */
    movementId: z.string().max(64).nullable(),
    atMs: z.number().int(),
    actorId: z.string().max(64).nullable(),
    actorName: z.string().max(200),
  })
  .refine((c) => (c.decision === 'rejected') === (c.movementId === null), { message: 'a rejected line has no movement, and only a rejected line' })
  .refine((c) => c.passed || c.decision === 'rejected' || c.correctiveAction.length > 0, { message: 'food that failed its check is accepted only with a corrective action' });
export type ReceivingCheckFact = z.infer<typeof receivingCheckFact>;

export const encodeReceivingCheckBatch = (facts: ReceivingCheckFact[]) => encodeJsonBatch(BATCH_KIND.receivingChecks, facts);
export const decodeReceivingCheckBatch = (batch: Uint8Array) => decodeJsonBatch(BATCH_KIND.receivingChecks, receivingCheckFact, batch, 'receiving checks');
