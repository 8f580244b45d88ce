import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wallClock } from '../time/format-time';
import { daysInMonth, instantOf, nextOccurrence, recurrence, recurrenceWords, type Recurrence } from './recurrence';

const NY = 'America/New_York';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** A wall clock time in a zone as an instant, for writing expectations by hand. */
const at = (zone: string, y: number, mo: number, d: number, h = 9, mi = 0) => instantOf({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 }, zone);
const wall = (ms: number, zone: string) => {
  const w = wallClock(ms, zone);
  return `${w.year}-${String(w.month).padStart(2, '0')}-${String(w.day).padStart(2, '0')} ${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}`;
};
/** The next few occurrences of a rule from a first due time, as wall clock text. */
function series(rule: Recurrence, first: number, zone: string, n: number): string[] {
  const out: string[] = [];
  let t = first;
  for (let i = 0; i < n; i++) out.push(wall((t = nextOccurrence(rule, t, zone)), zone));
  return out;
}

describe('monthly tasks on a day some months do not have', () => {
  it('the 31st falls on each short month’s last day and goes back to the 31st after it', () => {
    expect(series({ every: 'monthly', dayOfMonth: 31 }, at(NY, 2027, 1, 31), NY, 5)).toEqual([
      '2027-02-28 09:00',
      '2027-03-31 09:00',
      '2027-04-30 09:00',
      '2027-05-31 09:00',
      '2027-06-30 09:00',
    ]);
  });

  it('the 29th is February 29 in a leap year and February 28 in the others', () => {
    expect(series({ every: 'monthly', dayOfMonth: 29 }, at(NY, 2028, 1, 29), NY, 2)).toEqual(['2028-02-29 09:00', '2028-03-29 09:00']);
    expect(series({ every: 'monthly', dayOfMonth: 29 }, at(NY, 2027, 1, 29), NY, 2)).toEqual(['2027-02-28 09:00', '2027-03-29 09:00']);
  });

  it('the year turns over: December 15 is followed by January 15', () => {
    expect(series({ every: 'monthly', dayOfMonth: 15 }, at(NY, 2026, 12, 15), NY, 1)).toEqual(['2027-01-15 09:00']);
  });
});

describe('daylight saving time at the location', () => {
  it('a daily 09:00 task stays at 09:00 on the wall clock when New York springs forward (23 hours apart)', () => {
    const before = at(NY, 2027, 3, 13, 9);
    const next = nextOccurrence({ every: 'daily' }, before, NY);
    expect(wall(next, NY)).toBe('2027-03-14 09:00');
    expect(next - before).toBe(23 * HOUR);
  });

  it('and when it falls back (25 hours apart)', () => {
    const before = at(NY, 2026, 10, 31, 9);
    const next = nextOccurrence({ every: 'daily' }, before, NY);
    expect(wall(next, NY)).toBe('2026-11-01 09:00');
    expect(next - before).toBe(25 * HOUR);
  });

  it('02:30 does not exist on the spring-forward night: that day it is due at 03:30, and back at 02:30 the day after', () => {
    const first = at(NY, 2027, 3, 13, 2, 30);
    const gapDay = nextOccurrence({ every: 'daily' }, first, NY);
    expect(wall(gapDay, NY)).toBe('2027-03-14 03:30');
    expect(gapDay).toBe(Date.UTC(2027, 2, 14, 7, 30));
  });

  it('01:30 happens twice on the fall-back night: the task is due at the first one (still daylight time)', () => {
    const next = nextOccurrence({ every: 'daily' }, at(NY, 2026, 10, 31, 1, 30), NY);
    expect(next).toBe(Date.UTC(2026, 10, 1, 5, 30)); // 01:30 EDT = 05:30 UTC; the second 01:30 (EST) is 06:30 UTC
  });

  it('the zone is the location’s: the same instant recurs at a different UTC time in London', () => {
    const london = 'Europe/London';
    const next = nextOccurrence({ every: 'daily' }, at(london, 2027, 3, 27, 9), london);
    expect(wall(next, london)).toBe('2027-03-28 09:00');
    expect(next).toBe(Date.UTC(2027, 2, 28, 8, 0));
  });
});

describe('weekly tasks', () => {
  it('Monday and Thursday: Monday → Thursday → next Monday', () => {
    // 2026-11-23 is a Monday.
    expect(series({ every: 'weekly', weekdays: [4, 1] }, at(NY, 2026, 11, 23, 22), NY, 3)).toEqual(['2026-11-26 22:00', '2026-11-30 22:00', '2026-12-03 22:00']);
  });
});

describe('a task completed late comes back once, at its next due time after now', () => {
  it('a daily 22:00 task due Monday and done on Wednesday at 10:00 is next due Wednesday at 22:00', () => {
    const due = at(NY, 2026, 11, 23, 22);
    expect(wall(nextOccurrence({ every: 'daily' }, due, NY, at(NY, 2026, 11, 25, 10)), NY)).toBe('2026-11-25 22:00');
  });

  it('a monthly task on the 31st done two months late skips the months already past', () => {
    const due = at(NY, 2027, 1, 31);
    expect(wall(nextOccurrence({ every: 'monthly', dayOfMonth: 31 }, due, NY, at(NY, 2027, 4, 2)), NY)).toBe('2027-04-30 09:00');
  });
});

describe('properties over many zones, rules and times', () => {
  const zones = fc.constantFrom('UTC', NY, 'Europe/London', 'Europe/Berlin', 'Australia/Lord_Howe', 'America/St_Johns', 'Asia/Kolkata', 'Pacific/Auckland', 'America/Santiago');
  const rules: fc.Arbitrary<Recurrence> = fc.oneof(
    fc.constant({ every: 'daily' as const }),
    fc.uniqueArray(fc.integer({ min: 0, max: 6 }), { minLength: 1, maxLength: 7 }).map((weekdays) => ({ every: 'weekly' as const, weekdays })),
    fc.integer({ min: 1, max: 31 }).map((dayOfMonth) => ({ every: 'monthly' as const, dayOfMonth })),
  );
  const times = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2040, 0, 1) });
  const later = fc.integer({ min: 0, max: 400 * DAY });

  it('the next occurrence is after the due time and after "not before"', () => {
    fc.assert(
      fc.property(rules, zones, times, later, (rule, zone, due, late) => {
        const next = nextOccurrence(rule, due, zone, due + late);
        expect(next).toBeGreaterThan(due + late);
      }),
    );
  });

  it('it keeps the time of day, except where the clock skips it (then at most one gap later)', () => {
    fc.assert(
      fc.property(rules, zones, times, (rule, zone, due) => {
        const d = wallClock(due, zone);
        const n = wallClock(nextOccurrence(rule, due, zone), zone);
        const minutes = (w: typeof d) => w.hour * 60 + w.minute;
        const shift = minutes(n) - minutes(d);
        expect(shift === 0 || (shift > 0 && shift <= 60), `${d.hour}:${d.minute} → ${n.hour}:${n.minute}`).toBe(true);
      }),
    );
  });

  it('it lands on the rule’s day and no occurrence is skipped in between', () => {
    fc.assert(
      fc.property(rules, zones, times, (rule, zone, due) => {
        const d = wallClock(due, zone);
        const n = wallClock(nextOccurrence(rule, due, zone), zone);
        const dayNo = (w: typeof d) => Date.UTC(w.year, w.month - 1, w.day) / DAY;
        if (rule.every === 'daily') expect(dayNo(n) - dayNo(d)).toBe(1);
        if (rule.every === 'weekly') {
          const weekday = (no: number) => (((no + 4) % 7) + 7) % 7;
          expect(rule.weekdays).toContain(weekday(dayNo(n)));
          for (let k = dayNo(d) + 1; k < dayNo(n); k++) expect(rule.weekdays).not.toContain(weekday(k));
          expect(dayNo(n) - dayNo(d)).toBeLessThanOrEqual(7);
        }
        if (rule.every === 'monthly') {
          expect((n.year * 12 + n.month) - (d.year * 12 + d.month)).toBe(1);
          expect(n.day).toBe(Math.min(rule.dayOfMonth, daysInMonth(n.year, n.month)));
        }
      }),
    );
  });
});

describe('the rule as stored and in words', () => {
  it('refuses a weekly rule with no days and a day of the month outside 1–31, with a sentence', () => {
    expect(recurrence.safeParse({ every: 'weekly', weekdays: [] }).error?.issues[0]?.message).toBe('Choose at least one day of the week for a weekly task.');
    expect(recurrence.safeParse({ every: 'monthly', dayOfMonth: 32 }).error?.issues[0]?.message).toBe('The day of the month is 1 to 31.');
    expect(recurrence.safeParse({ every: 'monthly', dayOfMonth: 0 }).success).toBe(false);
  });

  it('says when a task comes back', () => {
    expect(recurrenceWords({ every: 'daily' })).toBe('every day');
    expect(recurrenceWords({ every: 'weekly', weekdays: [4, 1] })).toBe('every Monday and Thursday');
    expect(recurrenceWords({ every: 'monthly', dayOfMonth: 31 })).toBe('every month on the 31st (or the month’s last day)');
    expect(recurrenceWords({ every: 'monthly', dayOfMonth: 2 })).toBe('every month on the 2nd');
  });
});
