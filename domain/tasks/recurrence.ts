import { z } from 'zod';
import { wallClock, type WallClock } from '../time/format-time';

/**
 * When a recurring task comes back, in the wall clock of its location: the next occurrence keeps
 * the due time of day (09:00 stays 09:00 across a daylight-saving change, so its UTC instant moves).
 *
 * - daily: the next day;
 * - weekly: the next of the chosen weekdays (0 = Sunday … 6 = Saturday);
 * - monthly: `dayOfMonth` of the next month. A month too short for it (the 31st in April, the 29th,
 *   30th or 31st in February) uses its last day, and the month after goes back to `dayOfMonth`:
 *   "monthly on the 31st" is Jan 31, Feb 28 (29 in a leap year), Mar 31, Apr 30, May 31.
 *
 * A due time the wall clock skips (02:30 on the night clocks spring forward) becomes the instant
 * one gap later (03:30); a time that happens twice (01:30 on the night they fall back) is the first.
 * That is what a person setting an alarm expects, and JavaScript's Temporal calls "compatible".
 */
export const WEEKDAYS = [0, 1, 2, 3, 4, 5, 6] as const;
export const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'] as const;

export const recurrence = z.discriminatedUnion('every', [
  z.strictObject({ every: z.literal('daily') }),
  z.strictObject({
    every: z.literal('weekly'),
    weekdays: z
      .array(z.number().int().min(0).max(6), 'Choose the days of the week it repeats on.')
      .min(1, 'Choose at least one day of the week for a weekly task.')
      .max(7)
      .refine((days) => new Set(days).size === days.length, 'Each day of the week once.'),
  }),
  z.strictObject({ every: z.literal('monthly'), dayOfMonth: z.number('The day of the month is 1 to 31.').int('The day of the month is 1 to 31.').min(1, 'The day of the month is 1 to 31.').max(31, 'The day of the month is 1 to 31.') }),
]);
export type Recurrence = z.infer<typeof recurrence>;

const DAY_MS = 86_400_000;

/** "every day", "every Monday and Thursday", "every month on the 31st (or the month's last day)". */
export function recurrenceWords(rule: Recurrence): string {
  if (rule.every === 'daily') return 'every day';
  if (rule.every === 'weekly') {
    const names = [...rule.weekdays].sort().map((d) => WEEKDAY_NAMES[d]!);
    if (names.length === 7) return 'every day of the week';
    return `every ${names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]}`;
  }
  const shortMonthsToo = rule.dayOfMonth > 28 ? ' (or the month’s last day)' : '';
  return `every month on the ${ordinal(rule.dayOfMonth)}${shortMonthsToo}`;
}

function ordinal(n: number): string {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${{ 1: 'st', 2: 'nd', 3: 'rd' }[n % 10] ?? 'th'}`;
}

/**
 * The first occurrence after `dueAtMs` that is also after `notBeforeMs`: a daily task done three
 * days late comes back at its next due time, not three times at once. `dueAtMs` is where the
 * series stands; its wall clock time of day in `timeZone` is kept.
 */
export function nextOccurrence(rule: Recurrence, dueAtMs: number, timeZone: string, notBeforeMs = dueAtMs): number {
  const due = wallClock(dueAtMs, timeZone);
  const subSecondMs = ((dueAtMs % 1000) + 1000) % 1000;
  const after = Math.max(dueAtMs, notBeforeMs);
  const at = (day: CivilDay) => instantOf({ ...day, hour: due.hour, minute: due.minute, second: due.second }, timeZone) + subSecondMs;

  if (rule.every === 'monthly') {
    // Start a month before `after` (or at the due month): the month loop below finds the first one past it.
    const a = wallClock(after, timeZone);
    let month = Math.max(monthIndex(due.year, due.month), monthIndex(a.year, a.month) - 1);
    for (;;) {
      month += 1;
      const year = Math.floor(month / 12);
      const m = (month % 12) + 1;
      const t = at({ year, month: m, day: Math.min(rule.dayOfMonth, daysInMonth(year, m)) });
      if (t > after) return t;
    }
  }

  const a = wallClock(after, timeZone);
  let day = civilDayNumber(due);
  day = Math.max(day, civilDayNumber(a) - 1);
  for (;;) {
    day += 1;
    const civil = civilDayFromNumber(day);
    if (rule.every === 'weekly' && !rule.weekdays.includes(weekdayOf(day))) continue;
    const t = at(civil);
    if (t > after) return t;
  }
}

interface CivilDay {
  year: number;
  month: number;
  day: number;
}

function monthIndex(year: number, month: number): number {
  return year * 12 + (month - 1);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Days since 1970-01-01 of a calendar day (the proleptic Gregorian calendar, no zone). */
function civilDayNumber(d: CivilDay): number {
  return Math.floor(Date.UTC(d.year, d.month - 1, d.day) / DAY_MS);
}

function civilDayFromNumber(n: number): CivilDay {
  const d = new Date(n * DAY_MS);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** 0 = Sunday: 1970-01-01 was a Thursday. */
function weekdayOf(dayNumber: number): number {
  return (((dayNumber + 4) % 7) + 7) % 7;
}

/** The zone's wall clock minus UTC at an instant, in ms (whole seconds, as Intl reports it). */
function offsetAt(atMs: number, timeZone: string): number {
  const w = wallClock(atMs, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(atMs / 1000) * 1000;
}

function sameWall(a: WallClock, b: WallClock): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day && a.hour === b.hour && a.minute === b.minute && a.second === b.second;
}

/**
 * The UTC instant of a wall clock time in a zone. The offsets a day either side are the only ones
 * in play (zones change offset at most once a day); a time neither gives is in a spring-forward gap.
 */
export function instantOf(wall: WallClock, timeZone: string): number {
  const asUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const before = offsetAt(asUtc - DAY_MS, timeZone);
  const after = offsetAt(asUtc + DAY_MS, timeZone);
  const candidates = [asUtc - before, asUtc - after].filter((t) => sameWall(wallClock(t, timeZone), wall));
  if (candidates.length > 0) return Math.min(...candidates);
  // Skipped by the clock: read with the offset in force before the jump, it lands one gap later.
  return asUtc - before;
}
