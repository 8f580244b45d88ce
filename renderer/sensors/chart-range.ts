import { nextDay, startOfDayInZone } from '../../domain/time/calendar-days';
import type { TimeFormat } from '../time/time-format';

export type RangePreset = 'day' | 'week' | 'month' | 'custom';

export interface ChartRange {
  fromMs: number;
  toMs: number;
  /** "Last 24 hours", "01/03/2025 to 07/03/2025": for the summary and the chart's label. */
  label: string;
}

const HOUR_MS = 3_600_000;
const PRESETS: Record<Exclude<RangePreset, 'custom'>, { ms: number; label: string }> = {
  day: { ms: 24 * HOUR_MS, label: 'Last 24 hours' },
  week: { ms: 7 * 24 * HOUR_MS, label: 'Last 7 days' },
  month: { ms: 30 * 24 * HOUR_MS, label: 'Last 30 days' },
};

/** The span of a preset, ending now: what someone checking a fridge wants to see. */
export function presetRange(preset: Exclude<RangePreset, 'custom'>, nowMs: number): ChartRange {
  const { ms, label } = PRESETS[preset];
  return { fromMs: nowMs - ms, toMs: nowMs, label };
}

/**
 * Whole calendar days ("2025-03-01") in the location's zone, both ends included, up to now at the
 * latest. A problem is a sentence for the form; days are written in the reader's order.
 */
export function customRange(
  fromDay: string,
  toDay: string,
  timeZone: string | undefined,
  nowMs: number,
  time: Pick<TimeFormat, 'day' | 'dayPattern'>,
): ChartRange | { error: string } {
  const fromMs = startOfDayInZone(fromDay, timeZone);
  const endMs = startOfDayInZone(/^\d{4}-\d{2}-\d{2}$/.test(toDay) ? nextDay(toDay) : '', timeZone);
  if (fromMs === null) return { error: `Enter the first day of the range as ${time.dayPattern}.` };
  if (endMs === null) return { error: `Enter the last day of the range as ${time.dayPattern}.` };
  if (toDay < fromDay) return { error: 'The last day must be on or after the first day.' };
  if (fromMs >= nowMs) return { error: 'The range starts in the future; choose a first day up to today.' };
  return { fromMs, toMs: Math.min(endMs, nowMs), label: fromDay === toDay ? time.day(fromDay) : `${time.day(fromDay)} to ${time.day(toDay)}` };
}

/** "5 min", "1 h", "2 days": how much time each point of the chart sums up. */
export function bucketText(bucketMs: number): string {
  const minutes = bucketMs / 60_000;
  if (minutes < 1) return `${Math.max(1, Math.round(bucketMs / 1000))} s`;
  if (minutes < 60) return `${Math.round(minutes)} min`;
  const hours = minutes / 60;
  if (hours < 48) return `${Math.round(hours)} h`;
  return `${Math.round(hours / 24)} days`;
}
