import { z } from 'zod';
import type { ComplianceDayScore } from '../haccp/compliance-score';
import { CORRECTIVE_ACTION_KINDS, type CorrectiveActionKind, type DiscardedQuantity } from '../haccp/corrective-action-facts';
import { method } from './define';
import { epochMs, id, optionalTextFor, shortTextFor } from './limits';

/**
 * Corrective actions for excursions (facts): staff record what happened and what they did, a
 * supervisor signs the record, which locks it; a correction is an amendment naming the record it corrects.
 */

const cause = shortTextFor('The cause', 500);
const disposition = shortTextFor("The product's disposition", 500);
const note = optionalTextFor('The note', 500);
const actionKind = z.enum(CORRECTIVE_ACTION_KINDS, `The action taken is one of: ${CORRECTIVE_ACTION_KINDS.join(', ')}.`);
export const discardedQuantityInput = z
  .strictObject({
    amount: z.number('The quantity discarded must be a number.').positive('The quantity discarded must be more than 0.').max(100_000, 'The quantity discarded is at most 100000.'),
    unit: shortTextFor("The quantity's unit", 20),
  })
  .nullable();

export const correctiveActionInput = z.strictObject({
  cause,
  action: actionKind,
  /** Required when the product was discarded, refused otherwise. */
  quantity: discardedQuantityInput.default(null),
  disposition,
  note: note.default(''),
  /** The inventory item discarded: the quantity (in one of its pack sizes) is then written off its stock as waste. */
  discardedItemId: id.nullable().default(null),
});

export interface CorrectiveSignoffView {
  atMs: number;
  actorName: string;
  note: string;
}

/** The record in force for an excursion: the latest version of its amendments. */
export interface CorrectiveActionView {
  id: string;
  sensorId: string;
  excursionStartMs: number;
  cause: string;
  action: CorrectiveActionKind;
  quantity: DiscardedQuantity | null;
  disposition: string;
  note: string;
  atMs: number;
  actorName: string;
  /** The record this one corrects; null for the first. */
  amends: string | null;
  /** How many records the excursion has (1 + amendments). */
  versions: number;
  /** Set once a supervisor signed: the record is then locked. */
  signoff: CorrectiveSignoffView | null;
  /** The stock written off as waste when the record was made (its movements name this record). */
  discardedStock: { itemId: string; itemName: string; movementIds: string[] } | null;
}

/** One calendar day of a location's compliance score (domain/haccp/compliance-score.ts). */
export interface ComplianceDayView extends ComplianceDayScore {
  day: string;
}

export const correctiveMethods = {
  /** The score of a location (this PC's when left out) for its last `days` days, today last. */
  'haccp.complianceScores': method<ComplianceDayView[]>()({
    input: z.strictObject({ locationId: id.optional(), days: z.number('Days must be a number.').int('Days must be a whole number.').min(1, 'The score covers 1 to 31 days.').max(31, 'The score covers 1 to 31 days.').default(14) }),
    access: 'haccp.view',
    mutation: false,
  }),
  'haccp.recordCorrectiveAction': method<CorrectiveActionView>()({
    input: correctiveActionInput.extend({ sensorId: id, excursionStartMs: epochMs }),
    access: 'haccp.record',
    mutation: true,
  }),
  /** A correction of a record: a new record naming it. A signed one only by someone who may sign off. */
  'haccp.amendCorrectiveAction': method<CorrectiveActionView>()({
    input: correctiveActionInput.extend({ actionId: id, note: shortTextFor('The reason for the correction', 500) }),
    access: 'haccp.record',
    mutation: true,
  }),
  'haccp.signOffCorrectiveAction': method<CorrectiveActionView>()({
    input: z.strictObject({ actionId: id, note: note.default('') }),
    access: 'haccp.signoff',
    mutation: true,
  }),
};
