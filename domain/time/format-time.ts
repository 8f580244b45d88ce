/**
 * The one way OpsFlow writes a time: the wall clock of a location's time zone, in the reader's
 * chosen clock (24- or 12-hour) and date order. The fields come from Intl, the text is built here,
 * so the result does not depend on the machine's language ("en-US" vs "sv-SE" habits).
 */

export const CLOCKS = ['24h', '12h'] as const;
export type Clock = (typeof CLOCKS)[number];

/** iso: 2026-11-25 · dmy: 25/11/2026 · mdy: 11/25/2026. */
export const DATE_STYLES = ['iso', 'dmy', 'mdy'] as const;
export type DateStyle = (typeof DATE_STYLES)[number];

export interface TimeStyle {
  /** IANA zone whose wall clock is shown; undefined is this computer's own zone. */
  timeZone?: string | undefined;
  clock: Clock;
  dateStyle: DateStyle;
}

/** What a user sees until they choose otherwise: unambiguous in every country the chain runs in. */
export const DEFAULT_CLOCK: Clock = '24h';
export const DEFAULT_DATE_STYLE: DateStyle = 'iso';

export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

function fieldFormatter(timeZone: string | undefined): Intl.DateTimeFormat {
  const key = timeZone ?? '';
  let formatter = formatters.get(key);
  if (!formatter) {
    const options: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    };
    try {
      formatter = new Intl.DateTimeFormat('en-US', { ...options, timeZone });
    } catch {
      // A zone this runtime does not know: the computer's own clock beats no time at all.
      formatter = new Intl.DateTimeFormat('en-US', options);
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/** The wall clock of a zone at an instant. */
export function wallClock(atMs: number, timeZone?: string): WallClock {
  const parts = fieldFormatter(timeZone).formatToParts(new Date(atMs));
  const field = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return { year: field('year'), month: field('month'), day: field('day'), hour: field('hour') % 24, minute: field('minute'), second: field('second') };
}

const two = (n: number) => String(n).padStart(2, '0');
const four = (n: number) => String(n).padStart(4, '0');

function dateText(year: number, month: number, day: number, dateStyle: DateStyle): string {
  if (dateStyle === 'dmy') return `${two(day)}/${two(month)}/${four(year)}`;
  if (dateStyle === 'mdy') return `${two(month)}/${two(day)}/${four(year)}`;
  return `${four(year)}-${two(month)}-${two(day)}`;
}

/** "14:05" or "2:05 PM" (with seconds: "14:05:09", "2:05:09 PM"). */
export function formatTime(atMs: number, style: TimeStyle, options: { seconds?: boolean } = {}): string {
  const w = wallClock(atMs, style.timeZone);
  const seconds = options.seconds ? `:${two(w.second)}` : '';
  if (style.clock === '12h') return `${w.hour % 12 || 12}:${two(w.minute)}${seconds} ${w.hour < 12 ? 'AM' : 'PM'}`;
  return `${two(w.hour)}:${two(w.minute)}${seconds}`;
}

/** The calendar day of an instant in the zone, in the chosen order: "2026-11-25", "25/11/2026", "11/25/2026". */
export function formatDate(atMs: number, style: TimeStyle): string {
  const w = wallClock(atMs, style.timeZone);
  return dateText(w.year, w.month, w.day, style.dateStyle);
}

/** "2026-11-25 14:05", "25/11/2026 14:05", "11/25/2026 2:05 PM". */
export function formatDateTime(atMs: number, style: TimeStyle, options: { seconds?: boolean } = {}): string {
  return `${formatDate(atMs, style)} ${formatTime(atMs, style, options)}`;
}

/** The time alone when the instant is today in the zone, else date and time: short where it can be. */
export function formatDateTimeShort(atMs: number, style: TimeStyle, nowMs: number): string {
  return formatDate(atMs, style) === formatDate(nowMs, style) ? formatTime(atMs, style) : formatDateTime(atMs, style);
}

const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A calendar day kept as "2026-11-25" (the form every calculation uses), written in the chosen order. */
export function formatDay(day: string, dateStyle: DateStyle): string {
  const m = DAY.exec(day);
  return m ? dateText(Number(m[1]), Number(m[2]), Number(m[3]), dateStyle) : day;
}

/** How a date is typed in this style, for a field's placeholder and its error. */
export function dayPattern(dateStyle: DateStyle): string {
  return { iso: 'yyyy-mm-dd', dmy: 'dd/mm/yyyy', mdy: 'mm/dd/yyyy' }[dateStyle];
}

/**
 * A typed date read in the chosen order ("25/11/2026", "25.11.2026", "25-11-2026" for dmy) into
 * "2026-11-25"; a year-first date is read as such in any style. Null when it is not a real day.
 */
export function parseDay(text: string, dateStyle: DateStyle): string | null {
  const value = text.trim();
  let year: number, month: number, day: number;
  const yearFirst = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(value);
  const yearLast = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(value);
  if (yearFirst) [year, month, day] = [Number(yearFirst[1]), Number(yearFirst[2]), Number(yearFirst[3])];
  else if (yearLast && dateStyle === 'dmy') [day, month, year] = [Number(yearLast[1]), Number(yearLast[2]), Number(yearLast[3])];
  else if (yearLast && dateStyle === 'mdy') [month, day, year] = [Number(yearLast[1]), Number(yearLast[2]), Number(yearLast[3])];
  else return null;
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 31/02 over into March; a real day comes back as itself.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return null;
  return `${four(year)}-${two(month)}-${two(day)}`;
}
