import { z } from 'zod';

/**
 * How long HACCP and audit records stay in the everyday screens before they are archived, per
 * organization. Archiving never deletes: HACCP and audit records are never hard-deleted (a health
 * inspector may ask for any of them, and the audit chain needs every link). An archived record
 * stays in its monthly log document, in the database and in every backup; it leaves the day-to-day
 * lists, and a report or an export that asks for its dates still shows it. Two years by default
 * (what chains usually keep for an inspection), never under six months.
 */
export const RETENTION_DEFAULT_MONTHS = 24;
export const RETENTION_MIN_MONTHS = 6;
export const RETENTION_MAX_MONTHS = 120;

export const retentionMonths = z
  .number('The retention is a number of months.')
  .int('The retention is a whole number of months.')
  .min(RETENTION_MIN_MONTHS, `Records are kept at least ${RETENTION_MIN_MONTHS} months before they are archived.`)
  .max(RETENTION_MAX_MONTHS, `The retention is at most ${RETENTION_MAX_MONTHS} months (10 years).`);

/** The first day (YYYY-MM-DD, UTC months) that is not yet archived on `today`: records dated before it are archived. */
export function archivedBefore(today: string, months: number): string {
  const [y = 0, m = 1, d = 1] = today.split('-').map(Number);
  const first = new Date(Date.UTC(y, m - 1 - months, 1));
  // The same day of the month, or the month's last day (24 months before 2026-03-31 is 2024-03-31; before 2026-02-29… there is none).
  const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
  return new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth(), Math.min(d, lastDay))).toISOString().slice(0, 10);
}
