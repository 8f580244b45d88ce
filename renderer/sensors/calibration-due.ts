import { dayInZone, startOfDayInZone } from '../../domain/time/calendar-days';

export type DueState = 'none' | 'ok' | 'soon' | 'overdue';

/** Warn this many days ahead, so a probe can be checked before its date passes. */
const SOON_DAYS = 30;

export interface CalibrationDue {
  state: DueState;
  /** The due day in the location's zone ("2025-09-01"), or null when none is set. */
  day: string | null;
  /** The state in words, for the table and the detail screen. */
  text: string;
}

/**
 * A due date is a calendar day in the location's zone: overdue from the day after it. `writeDay`
 * writes the day in the reader's date order (TimeFormat.day).
 */
export function calibrationDue(
  dueMs: number | null,
  timeZone: string | undefined,
  { nowMs = Date.now(), writeDay = (d: string) => d }: { nowMs?: number; writeDay?: (day: string) => string } = {},
): CalibrationDue {
  if (dueMs === null) return { state: 'none', day: null, text: 'No due date' };
  const day = dayInZone(dueMs, timeZone);
  const today = dayInZone(nowMs, timeZone);
  const written = writeDay(day);
  if (day < today) return { state: 'overdue', day, text: `Overdue since ${written}` };
  const todayStart = startOfDayInZone(today, timeZone) ?? nowMs;
  const dueStart = startOfDayInZone(day, timeZone) ?? dueMs;
  const days = Math.round((dueStart - todayStart) / 86_400_000);
  if (days === 0) return { state: 'soon', day, text: `Due today (${written})` };
  if (days <= SOON_DAYS) return { state: 'soon', day, text: `Due in ${days} ${days === 1 ? 'day' : 'days'} (${written})` };
  return { state: 'ok', day, text: `Due ${written}` };
}
