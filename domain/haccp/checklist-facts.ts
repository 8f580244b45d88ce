import { z } from 'zod';
import { BATCH_KIND } from '../sync/fact-batch';
import { checklistAnswer } from './checklist-answers';
import { CHECKLIST_KINDS, checklistItem } from './checklist-templates';
import { decodeJsonBatch, encodeJsonBatch } from './json-batch';

/**
 * A completed checklist is a fact: who answered what, when, for which due window, with the
 * template's items as they were. It is never changed; a correction is another completion that
 * `amends` it. A sign-off is a fact of its own naming the completion it locks.
 */
export const checklistCompletionFact = z.strictObject({
  id: z.string().min(1).max(64),
  templateId: z.string().min(1).max(64),
  templateName: z.string().max(120),
  kind: z.enum(CHECKLIST_KINDS),
  /** The occurrence: the location's calendar day and the slot's index in the schedule (0 for daily). */
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  slot: z.number().int().min(0).max(11),
  slotLabel: z.string().max(40),
  opensAtMs: z.number().int(),
  dueAtMs: z.number().int(),
  completedAtMs: z.number().int(),
  actorId: z.string().max(64).nullable(),
  actorName: z.string().max(200),
  items: z.array(checklistItem).min(1).max(100),
  answers: z.array(checklistAnswer.extend({ ok: z.boolean() })).max(100),
  /** The completion this one corrects, or null for the first one of its occurrence. */
  amends: z.string().min(1).max(64).nullable(),
  note: z.string().max(500),
});
export type ChecklistCompletionFact = z.infer<typeof checklistCompletionFact>;

export const checklistSignoffFact = z.strictObject({
  id: z.string().min(1).max(64),
  completionId: z.string().min(1).max(64),
  atMs: z.number().int(),
  actorId: z.string().max(64).nullable(),
  actorName: z.string().max(200),
  note: z.string().max(500),
});
export type ChecklistSignoffFact = z.infer<typeof checklistSignoffFact>;

export const encodeCompletionBatch = (facts: ChecklistCompletionFact[]) => encodeJsonBatch(BATCH_KIND.checklistCompletions, facts);
export const decodeCompletionBatch = (batch: Uint8Array) => decodeJsonBatch(BATCH_KIND.checklistCompletions, checklistCompletionFact, batch, 'checklist completions');
export const encodeSignoffBatch = (facts: ChecklistSignoffFact[]) => encodeJsonBatch(BATCH_KIND.checklistSignoffs, facts);
export const decodeSignoffBatch = (batch: Uint8Array) => decodeJsonBatch(BATCH_KIND.checklistSignoffs, checklistSignoffFact, batch, 'checklist sign-offs');
