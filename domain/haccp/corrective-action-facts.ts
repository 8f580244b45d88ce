import { z } from 'zod';
import { BATCH_KIND } from '../sync/fact-batch';
import { decodeJsonBatch, encodeJsonBatch } from './json-batch';

/** What was done about an excursion; "discarded" carries the quantity thrown away. */
export const CORRECTIVE_ACTION_KINDS = ['discarded', 'moved', 'reheated', 'equipmentRepaired', 'thermostatAdjusted', 'other'] as const;
export type CorrectiveActionKind = (typeof CORRECTIVE_ACTION_KINDS)[number];

export const CORRECTIVE_ACTION_WORDS: Record<CorrectiveActionKind, string> = {
  discarded: 'Product discarded',
  moved: 'Product moved to another unit',
  reheated: 'Product re-heated',
  equipmentRepaired: 'Equipment repaired',
  thermostatAdjusted: 'Thermostat adjusted',
  other: 'Other',
};

/**
 * Product discarded from stock: the waste movement(s) a corrective action posts carry this reason and
 * a note that starts with the corrective action's id, so the ledger names the record it came from.
 */
export const CORRECTIVE_WASTE_REASON = 'correctiveAction';

export function correctiveWasteNote(actionId: string, unitName: string): string {
  return `Corrective action ${actionId}: discarded after "${unitName}" went out of range`.slice(0, 500);
}

/** The corrective action a movement was posted for, or null. */
export function correctiveActionIdOf(movement: { reason: string; note: string }): string | null {
  if (movement.reason !== CORRECTIVE_WASTE_REASON) return null;
  return /^Corrective action (\S+):/.exec(movement.note)?.[1] ?? null;
}

export const discardedQuantity = z.strictObject({
  /** How much of `unit` ("kg", "portions", "L") went into the bin. */
  amount: z.number().positive().max(100_000),
  unit: z.string().min(1).max(20),
});
export type DiscardedQuantity = z.infer<typeof discardedQuantity>;

/**
 * A corrective action is a fact about one excursion, named by its sensor and the start of its
 * out-of-range run (the key of haccp_runs). It is never changed: a correction is another corrective
 * action that `amends` it. A sign-off is a fact of its own naming the record it locks.
 */
export const correctiveActionFact = z.strictObject({
  id: z.string().min(1).max(64),
  sensorId: z.string().min(1).max(64),
  excursionStartMs: z.number().int(),
  /** The unit's name as it was, for the record. */
  unitName: z.string().max(120),
  cause: z.string().min(1).max(500),
  action: z.enum(CORRECTIVE_ACTION_KINDS),
  /** Set exactly when the action is "discarded". */
  quantity: discardedQuantity.nullable(),
  disposition: z.string().min(1).max(500),
  note: z.string().max(500),
  atMs: z.number().int(),
  actorId: z.string().max(64).nullable(),
  actorName: z.string().max(200),
  /** The record this one corrects, or null for the first one of its excursion. */
  amends: z.string().min(1).max(64).nullable(),
});
export type CorrectiveActionFact = z.infer<typeof correctiveActionFact>;

export const correctiveSignoffFact = z.strictObject({
  id: z.string().min(1).max(64),
  actionId: z.string().min(1).max(64),
  atMs: z.number().int(),
  actorId: z.string().max(64).nullable(),
  actorName: z.string().max(200),
  note: z.string().max(500),
});
export type CorrectiveSignoffFact = z.infer<typeof correctiveSignoffFact>;

export const encodeCorrectiveActionBatch = (facts: CorrectiveActionFact[]) => encodeJsonBatch(BATCH_KIND.correctiveActions, facts);
export const decodeCorrectiveActionBatch = (batch: Uint8Array) => decodeJsonBatch(BATCH_KIND.correctiveActions, correctiveActionFact, batch, 'corrective actions');
export const encodeCorrectiveSignoffBatch = (facts: CorrectiveSignoffFact[]) => encodeJsonBatch(BATCH_KIND.correctiveSignoffs, facts);
export const decodeCorrectiveSignoffBatch = (batch: Uint8Array) => decodeJsonBatch(BATCH_KIND.correctiveSignoffs, correctiveSignoffFact, batch, 'corrective action sign-offs');
