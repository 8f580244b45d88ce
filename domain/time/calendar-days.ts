import { formatDate, wallClock } from './format-time';

/**
 * Calendar days of a location, kept as "2026-11-25": a due date, a chart's custom range, an audit
 * filter's "from" and "to". How a day is written for a person is format-time's job.
 */

/** The calendar day an instant falls on in a zone. */
export function dayInZone(atMs: number, timeZone?: string): string {
  return formatDate(atMs, { timeZone, clock: '24h', dateStyle: 'iso' });
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(atMs: number, timeZone?: string): number {
  const w = wallClock(atMs, timeZone);
  return Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - Math.floor(atMs / 1000) * 1000;
}

/**
 * Midnight at the start of a calendar day in a zone, as a UTC instant; null for a string that is
 * not a day. Two passes find the offset that applies at that midnight (daylight-saving days).
 */
export function startOfDayInZone(day: string, timeZone?: string): number | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  if (!m) return null;
  const wall = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  // Date.UTC rolls "2025-02-30" over into March; a real day comes back as itself.
  if (Number.isNaN(wall) || new Date(wall).toISOString().slice(0, 10) !== day) return null;
  let atMs = wall - zoneOffsetMs(wall, timeZone);
  atMs = wall - zoneOffsetMs(atMs, timeZone);
  return atMs;
}

/** The day after a calendar day ("2025-03-01" → "2025-03-02"). */
export function nextDay(day: string): string {
  const [y = 0, m = 1, d = 1] = day.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + 1)).toISOString().slice(0, 10);
}

/**
 * The instant a wall-clock time ("06:00", as minutes after midnight) falls on in a zone on a
 * calendar day; null for a string that is not a day. On a day the clocks jump, a time in the gap
 * lands an hour off, the way a wall clock reads it.
 */
export function wallTimeInZone(day: string, minutesOfDay: number, timeZone?: string): number | null {
  const midnight = startOfDayInZone(day, timeZone);
  if (midnight === null) return null;
  const wall = Date.parse(`${day}T00:00:00Z`) + minutesOfDay * 60_000;
  let atMs = wall - zoneOffsetMs(midnight + minutesOfDay * 60_000, timeZone);
  atMs = wall - zoneOffsetMs(atMs, timeZone);
  return atMs;
}
