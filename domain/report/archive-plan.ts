import { archivedBefore } from './retention';

/**
 * Which whole months are archived: a month goes only when its last day is older than the retention
 * period (a record younger than the retention is never archived, even if its month-mates are).
 * Months are UTC months, the months the log documents are filed by.
 */
export interface MonthSpan {
  /** "2024-01" */
  month: string;
  startMs: number;
  /** The start of the next month. */
  endMs: number;
}

export function monthOf(atMs: number): MonthSpan {
  const d = new Date(atMs);
  return monthSpan(d.getUTCFullYear(), d.getUTCMonth());
}

function monthSpan(year: number, monthIndex: number): MonthSpan {
  const startMs = Date.UTC(year, monthIndex, 1);
  const endMs = Date.UTC(year, monthIndex + 1, 1);
  const s = new Date(startMs);
  return { month: `${s.getUTCFullYear()}-${String(s.getUTCMonth() + 1).padStart(2, '0')}`, startMs, endMs };
}

/** The start (UTC midnight) of the first day that is not archived on `nowMs`. */
export function archiveCutoffMs(nowMs: number, retentionMonths: number): number {
  const today = new Date(nowMs).toISOString().slice(0, 10);
  return Date.parse(`${archivedBefore(today, retentionMonths)}T00:00:00Z`);
}

/** Every month from the one holding `earliestMs` whose whole span ends on or before the cutoff, oldest first. */
export function monthsDue(earliestMs: number, nowMs: number, retentionMonths: number): MonthSpan[] {
  const cutoff = archiveCutoffMs(nowMs, retentionMonths);
  const out: MonthSpan[] = [];
  for (let m = monthOf(earliestMs); m.endMs <= cutoff; m = monthOf(m.endMs)) out.push(m);
  return out;
}
