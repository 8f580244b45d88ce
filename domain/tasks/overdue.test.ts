import { describe, expect, it } from 'vitest';
import { dueWords, isOverdue } from './overdue';

const NOW = Date.UTC(2026, 10, 25, 12, 0, 0);
const MIN = 60_000;

describe('overdue, worked out against the clock given', () => {
  it('a task not done whose due time has passed is overdue; at its due time exactly it is not yet', () => {
    expect(isOverdue({ status: 'todo', dueAtMs: NOW - 1 }, NOW)).toBe(true);
    expect(isOverdue({ status: 'in_progress', dueAtMs: NOW - MIN }, NOW)).toBe(true);
    expect(isOverdue({ status: 'todo', dueAtMs: NOW }, NOW)).toBe(false);
    expect(isOverdue({ status: 'todo', dueAtMs: NOW + MIN }, NOW)).toBe(false);
  });

  it('a done task, or one with no due time, is never overdue', () => {
    expect(isOverdue({ status: 'done', dueAtMs: NOW - 10 * MIN }, NOW)).toBe(false);
    expect(isOverdue({ status: 'todo', dueAtMs: null }, NOW)).toBe(false);
  });

  it('the same task becomes overdue as the clock moves past its due time', () => {
    const task = { status: 'todo' as const, dueAtMs: NOW };
    expect(dueWords(task, NOW - 40 * MIN)).toBe('due in 40 minutes');
    expect(dueWords(task, NOW + 30_000)).toBe('overdue by less than a minute');
    expect(dueWords(task, NOW + MIN)).toBe('overdue by 1 minute');
    expect(dueWords(task, NOW + 125 * MIN)).toBe('overdue by 2 hours');
    expect(dueWords(task, NOW + 49 * 60 * MIN)).toBe('overdue by 2 days');
    expect(dueWords({ status: 'done', dueAtMs: NOW }, NOW + 60 * MIN)).toBe('done');
    expect(dueWords({ status: 'todo', dueAtMs: null }, NOW)).toBe('no due time');
  });
});
