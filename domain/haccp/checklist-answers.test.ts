import { describe, expect, it } from 'vitest';
import { judgeAnswers, type ChecklistAnswer } from './checklist-answers';
import type { ChecklistItem } from './checklist-templates';
import { centiCFromFahrenheit as F } from './food-code-temperatures';

// Food Code 3-202.11, as the receiving preset words it.
const RECEIVING: ChecklistItem[] = [
  { id: 'cold', label: 'Refrigerated TCS food temperature', type: 'temperature', limit: { bound: 'max', centiC: F(41) } },
  { id: 'hot', label: 'Hot TCS food temperature', type: 'temperature', limit: { bound: 'min', centiC: F(135) } },
  { id: 'frozen', label: 'Frozen food received frozen', type: 'yesNo', expected: true },
  { id: 'invoice', label: 'Invoice number', type: 'text' },
];
const good = (): ChecklistAnswer[] => [
  { itemId: 'cold', value: F(41), failAction: null },
  { itemId: 'hot', value: F(135), failAction: null },
  { itemId: 'frozen', value: true, failAction: null },
  { itemId: 'invoice', value: 'INV-204', failAction: null },
];
const withAnswer = (itemId: string, change: Partial<ChecklistAnswer>) => good().map((a) => (a.itemId === itemId ? { ...a, ...change } : a));

describe('receiving check (3-202.11)', () => {
  it('41 °F refrigerated and 135 °F hot, exactly at their limits, pass', () => {
    const judged = judgeAnswers('receiving', RECEIVING, good());
    expect('answers' in judged && judged.answers.map((a) => a.ok)).toEqual([true, true, true, true]);
  });

  it('refrigerated food at 41.1 °F fails and asks to reject the delivery or record a corrective action', () => {
    expect(judgeAnswers('receiving', RECEIVING, withAnswer('cold', { value: F(41) + 1 }))).toEqual({
      problem: '"Refrigerated TCS food temperature" failed: reject the delivery or record a corrective action.',
    });
  });

  it('a rejection is recorded with the choice and its note, and the item stays failed', () => {
    const judged = judgeAnswers('receiving', RECEIVING, withAnswer('hot', { value: F(130), failAction: { choice: 'reject', note: 'Sent back with the driver' } }));
    expect('answers' in judged && judged.answers[1]).toEqual({ itemId: 'hot', value: F(130), ok: false, failAction: { choice: 'reject', note: 'Sent back with the driver' } });
  });

  it('frozen food that was not received frozen fails', () => {
    expect(judgeAnswers('receiving', RECEIVING, withAnswer('frozen', { value: false }))).toMatchObject({ problem: expect.stringContaining('Frozen food received frozen') });
    const judged = judgeAnswers('receiving', RECEIVING, withAnswer('frozen', { value: false, failAction: { choice: 'correctiveAction', note: 'Used today, not refrozen' } }));
    expect('answers' in judged && judged.answers[2]!.ok).toBe(false);
  });
});

describe('answers a checklist refuses', () => {
  it('a missing answer, an unknown item, an item answered twice, a wrong type', () => {
    expect(judgeAnswers('receiving', RECEIVING, good().slice(1))).toEqual({ problem: '"Refrigerated TCS food temperature" has no answer.' });
    expect(judgeAnswers('receiving', RECEIVING, [...good(), { itemId: 'x', value: 1, failAction: null }])).toMatchObject({ problem: expect.stringContaining('does not have') });
    expect(judgeAnswers('receiving', RECEIVING, [...good(), good()[0]!])).toEqual({ problem: 'An item was answered twice.' });
    expect(judgeAnswers('receiving', RECEIVING, withAnswer('frozen', { value: 'yes' }))).toEqual({ problem: '"Frozen food received frozen" needs a yes or a no.' });
    expect(judgeAnswers('receiving', RECEIVING, withAnswer('cold', { value: 4.5 }))).toEqual({ problem: '"Refrigerated TCS food temperature" needs a temperature.' });
  });

  it('an action on an item that passed, and a rejection outside receiving', () => {
    expect(judgeAnswers('receiving', RECEIVING, withAnswer('cold', { failAction: { choice: 'reject', note: 'x' } }))).toMatchObject({ problem: expect.stringContaining('passed') });
    const line: ChecklistItem[] = [RECEIVING[0]!];
    expect(judgeAnswers('line', line, [{ itemId: 'cold', value: 900, failAction: { choice: 'reject', note: 'x' } }])).toMatchObject({ problem: expect.stringContaining('Only a delivery') });
    expect(judgeAnswers('line', line, [{ itemId: 'cold', value: 900, failAction: null }])).toEqual({ problem: '"Refrigerated TCS food temperature" failed: record the corrective action taken.' });
  });

  it('a number item is judged against its range, ends included', () => {
    const items: ChecklistItem[] = [{ id: 'ppm', label: 'Sanitizer (ppm)', type: 'number', min: 50, max: 200 }];
    const ok = (value: number) => {
      const judged = judgeAnswers('opening', items, [{ itemId: 'ppm', value, failAction: value < 50 || value > 200 ? { choice: 'correctiveAction', note: 'remixed' } : null }]);
      return 'answers' in judged && judged.answers[0]!.ok;
    };
    expect([ok(49.9), ok(50), ok(200), ok(200.1)]).toEqual([false, true, true, false]);
  });
});
