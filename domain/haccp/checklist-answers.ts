import { z } from 'zod';
import type { ChecklistItem, ChecklistKind } from './checklist-templates';

/**
 * What a person answered to one item, and what was done when it failed. A failed item needs an
 * action: at receiving the delivery may be rejected (3-202.11), anywhere a corrective action taken.
 */
export const failAction = z.strictObject({
  choice: z.enum(['reject', 'correctiveAction']),
  note: z.string().trim().min(1, 'Say what was done about the failed item.').max(500, 'A note is at most 500 characters.'),
});
export type FailAction = z.infer<typeof failAction>;

export const checklistAnswer = z.strictObject({
  itemId: z.string().min(1).max(64),
  /** Temperatures in hundredths of a °C; yes/no as a boolean; numbers; text. */
  value: z.union([z.number().finite(), z.boolean(), z.string().max(500)]),
  failAction: failAction.nullable(),
});
export type ChecklistAnswer = z.infer<typeof checklistAnswer>;

/** An answer with its verdict fixed when it was recorded. */
export type JudgedAnswer = ChecklistAnswer & { ok: boolean };

/** Whether an answer passes its item; a wrongly typed answer is a problem, not a verdict. */
export function answerPasses(item: ChecklistItem, value: ChecklistAnswer['value']): boolean {
  switch (item.type) {
    case 'temperature':
      return item.limit.bound === 'max' ? (value as number) <= item.limit.centiC : (value as number) >= item.limit.centiC;
    case 'yesNo':
      return value === item.expected;
    case 'number':
      return (item.min === null || (value as number) >= item.min) && (item.max === null || (value as number) <= item.max);
    case 'text':
      return true;
  }
}

function typeProblem(item: ChecklistItem, value: ChecklistAnswer['value']): string | null {
  if (item.type === 'temperature' && !(typeof value === 'number' && Number.isInteger(value))) return `"${item.label}" needs a temperature.`;
  if (item.type === 'yesNo' && typeof value !== 'boolean') return `"${item.label}" needs a yes or a no.`;
  if (item.type === 'number' && typeof value !== 'number') return `"${item.label}" needs a number.`;
  if (item.type === 'text' && typeof value !== 'string') return `"${item.label}" needs text.`;
  return null;
}

/**
 * Judges a whole completion: every item answered once, each answer of its item's type, and an
 * action for each failed item (and none for an item that passed). The first problem is returned
 * as a sentence; otherwise the judged answers, in the template's order.
 */
export function judgeAnswers(kind: ChecklistKind, items: readonly ChecklistItem[], answers: readonly ChecklistAnswer[]): { answers: JudgedAnswer[] } | { problem: string } {
  const byItem = new Map<string, ChecklistAnswer>();
  for (const a of answers) {
    if (!items.some((i) => i.id === a.itemId)) return { problem: 'An answer names an item this checklist does not have.' };
    if (byItem.has(a.itemId)) return { problem: 'An item was answered twice.' };
    byItem.set(a.itemId, a);
  }
  const judged: JudgedAnswer[] = [];
  for (const item of items) {
    const answer = byItem.get(item.id);
    if (!answer) return { problem: `"${item.label}" has no answer.` };
    const problem = typeProblem(item, answer.value);
    if (problem) return { problem };
    const ok = answerPasses(item, answer.value);
    if (!ok && !answer.failAction) {
      return { problem: kind === 'receiving' ? `"${item.label}" failed: reject the delivery or record a corrective action.` : `"${item.label}" failed: record the corrective action taken.` };
    }
    if (!ok && answer.failAction?.choice === 'reject' && kind !== 'receiving') return { problem: 'Only a delivery can be rejected; record a corrective action instead.' };
    if (ok && answer.failAction) return { problem: `"${item.label}" passed, so it needs no corrective action.` };
    judged.push({ ...answer, ok });
  }
  return { answers: judged };
}
