import { dateInZone, startOfDayInZone } from '../locations/time-in-zone';

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

/** A due date is a calendar day in the location's zone: overdue from the day after it. */
export function calibrationDue(dueMs: number | null, timeZone: string | undefined, nowMs = Date.now()): CalibrationDue {
  if (dueMs === null) return { state: 'none', day: null, text: 'No due date' };
  const day = dateInZone(dueMs, timeZone);
  const today = dateInZone(nowMs, timeZone);
  if (day < today) return { state: 'overdue', day, text: `Overdue since ${day}` };
  const todayStart = startOfDayInZone(today, timeZone) ?? nowMs;
  const dueStart = startOfDayInZone(day, timeZone) ?? dueMs;
  const days = Math.round((dueStart - todayStart) / 86_400_000);
  if (days === 0) return { state: 'soon', day, text: `Due today (${day})` };
  if (days <= SOON_DAYS) return { state: 'soon', day, text: `Due in ${days} ${days === 1 ? 'day' : 'days'} (${day})` };
  return { state: 'ok', day, text: `Due ${day}` };
}
