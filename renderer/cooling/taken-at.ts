import { wallTimeInZone } from '../../domain/time/calendar-days';

/**
 * When a probe reading was taken, as typed in a date-and-time field ("2026-11-25T14:05", the
 * location's wall clock) → UTC ms; empty means now. Null when it is not a time.
 */
export function readTakenAt(text: string, timeZone: string | undefined, nowMs: number): number | null {
  if (!text.trim()) return nowMs;
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})$/.exec(text.trim());
  if (!m || Number(m[2]) > 23 || Number(m[3]) > 59) return null;
  return wallTimeInZone(m[1]!, Number(m[2]) * 60 + Number(m[3]), timeZone);
}
