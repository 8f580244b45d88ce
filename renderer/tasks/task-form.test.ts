import { describe, expect, it } from 'vitest';
import { dueAtMsOf, dueFieldsOf, recurrenceOf } from './task-form';

describe('the due time typed on the task form', () => {
  it('is read on the clock of the task’s location, and shown back the same way', () => {
    const chicago = dueAtMsOf({ day: '2026-11-26', time: '22:00' }, 'America/Chicago');
    expect(chicago).toBe(Date.UTC(2026, 10, 27, 4, 0));
    expect(dueFieldsOf(chicago as number, 'America/Chicago')).toEqual({ day: '2026-11-26', time: '22:00' });
  });

  it('no day is no due time; a time without a day, or a malformed time, is refused with a sentence', () => {
    expect(dueAtMsOf({ day: '', time: '' }, 'UTC')).toBeNull();
    expect(dueAtMsOf({ day: '', time: '10:00' }, 'UTC')).toEqual({ error: 'Give the day it is due, or clear the time.' });
    expect(dueAtMsOf({ day: '2026-11-26', time: '25:00' }, 'UTC')).toEqual({ error: 'Enter the time as hh:mm, 24-hour (22:00).' });
    expect(dueAtMsOf({ day: '2026-11-26', time: '' }, 'UTC')).toEqual({ error: 'Enter the time as hh:mm, 24-hour (22:00).' });
  });

  it('the repeat choices make the rule the engine keeps', () => {
    expect(recurrenceOf('none', [], 1)).toBeNull();
    expect(recurrenceOf('weekly', [4, 1], 1)).toEqual({ every: 'weekly', weekdays: [1, 4] });
    expect(recurrenceOf('monthly', [], 31)).toEqual({ every: 'monthly', dayOfMonth: 31 });
  });
});
