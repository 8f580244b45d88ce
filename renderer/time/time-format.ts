import { useMemo } from 'react';
import {
  DEFAULT_CLOCK,
  DEFAULT_DATE_STYLE,
  dayPattern,
  formatDate,
  formatDateTime,
  formatDateTimeShort,
  formatDay,
  formatTime,
  parseDay,
  type Clock,
  type DateStyle,
} from '../../domain/time/format-time';
import { useSessionStore } from '../auth/session-store';

/**
 * Every time on screen goes through one of these: the wall clock of the location it belongs to
 * (`timeZone`; undefined is this PC's own), in the signed-in user's clock and date order.
 */
export interface TimeFormat {
  clock: Clock;
  dateStyle: DateStyle;
  /** "2026-11-25 15:12", "25/11/2026 15:12", "11/25/2026 3:12 PM". */
  dateTime(atMs: number, timeZone: string | undefined, options?: { seconds?: boolean }): string;
  date(atMs: number, timeZone: string | undefined): string;
  time(atMs: number, timeZone: string | undefined): string;
  /** The time alone when it is today in the zone. */
  short(atMs: number, timeZone: string | undefined, nowMs?: number): string;
  /** A calendar day kept as "2026-11-25", written in the user's order. */
  day(day: string): string;
  /** "dd/mm/yyyy": how a date is typed in the user's order. */
  dayPattern: string;
  /** A typed date in the user's order, as "2026-11-25"; null when it is not a day. */
  parseDay(text: string): string | null;
}

export function timeFormat(clock: Clock = DEFAULT_CLOCK, dateStyle: DateStyle = DEFAULT_DATE_STYLE): TimeFormat {
  const style = (timeZone: string | undefined) => ({ timeZone, clock, dateStyle });
  return {
    clock,
    dateStyle,
    dateTime: (atMs, timeZone, options) => formatDateTime(atMs, style(timeZone), options),
    date: (atMs, timeZone) => formatDate(atMs, style(timeZone)),
    time: (atMs, timeZone) => formatTime(atMs, style(timeZone)),
    short: (atMs, timeZone, nowMs = Date.now()) => formatDateTimeShort(atMs, style(timeZone), nowMs),
    day: (day) => formatDay(day, dateStyle),
    dayPattern: dayPattern(dateStyle),
    parseDay: (text) => parseDay(text, dateStyle),
  };
}

/** The signed-in user's way of reading times; the defaults before anyone signs in. */
export function useTimeFormat(): TimeFormat {
  const clock = useSessionStore((s) => s.session?.user.clock);
  const dateStyle = useSessionStore((s) => s.session?.user.dateStyle);
  return useMemo(() => timeFormat(clock, dateStyle), [clock, dateStyle]);
}

/** "3 hours ago", "2 days ago": how old something is, for the last backup and similar. */
export function formatAge(atMs: number, nowMs = Date.now()): string {
  const minutes = Math.round((nowMs - atMs) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return rtf.format(-hours, 'hour');
  return rtf.format(-Math.round(hours / 24), 'day');
}
