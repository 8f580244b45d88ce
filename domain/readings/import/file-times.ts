import { wallClock } from '../../time/format-time';

/**
 * Times in readings files: ISO 8601 with an offset ("2026-03-01T14:05:00+01:00", "…Z"), or a
 * wall-clock time with no offset, which is the location's (a logger's clock is set from the PC's).
 */

const OFFSET_BUCKET_MS = 15 * 60_000;

/**
 * How far a zone's wall clock is ahead of UTC, cached per quarter hour of UTC: every time-zone
 * change in the tz database falls on a quarter hour, and a year of one-minute readings would
 * otherwise ask Intl half a million times.
 */
export class ZoneOffsets {
  private readonly cache = new Map<number, number>();
  constructor(readonly timeZone: string) {}

  offsetMs(atMs: number): number {
    const bucket = Math.floor(atMs / OFFSET_BUCKET_MS);
    let offset = this.cache.get(bucket);
    if (offset === undefined) {
      const probe = bucket * OFFSET_BUCKET_MS;
      const w = wallClock(probe, this.timeZone);
      offset = Date.UTC(w.year, w.month - 1, w.day, w.hour, w.minute, w.second) - probe;
      this.cache.set(bucket, offset);
    }
    return offset;
  }

  /**
   * The instant a wall-clock time of this zone names. In the hour the clocks go back it names two;
   * this is the first (the file's own order cannot tell them apart either). A wall time the clocks
   * skip (spring forward) is null.
   */
  fromWall(wallMs: number): number | null {
    const first = wallMs - this.offsetMs(wallMs);
    const atMs = wallMs - this.offsetMs(first);
    const earlier = wallMs - this.offsetMs(atMs - 3_600_000);
    const chosen = earlier < atMs && earlier + this.offsetMs(earlier) === wallMs ? earlier : atMs;
    return chosen + this.offsetMs(chosen) === wallMs ? chosen : null;
  }
}

/** A wall-clock time as if it were UTC (the zone is applied after); null when the fields are not a real time. */
export function wallMs(year: number, month: number, day: number, hour: number, minute: number, second: number, ms = 0): number | null {
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month) || hour > 23 || minute > 59 || second > 59) return null;
  return Date.UTC(year, month - 1, day, hour, minute, second, ms);
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Arithmetic, not a Date: this runs once a row, half a million times for a year of minutes. */
function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1]!;
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,3})\d*)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;

/** "+01:00" / "-0530" / "Z" as minutes ahead of UTC. */
export function offsetMinutes(text: string): number {
  if (text === 'Z' || text === 'z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4) || '0'));
}

/** A file's rows mostly share one offset (or two, across daylight saving). */
const lastOffset = { text: '', minutes: 0 };

/** An ISO 8601 time; without an offset, the wall clock of `zone`. Null if it is not one. */
export function parseIsoTime(text: string, zone: ZoneOffsets): number | null {
  const m = ISO.exec(text);
  if (!m) return null;
  const wall = wallMs(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6] ?? 0), Number((m[7] ?? '').padEnd(3, '0')));
  if (wall === null) return null;
  if (m[8] === undefined) return zone.fromWall(wall);
  const offset = m[8] === lastOffset.text ? lastOffset.minutes : offsetMinutes(m[8]);
  lastOffset.text = m[8];
  lastOffset.minutes = offset;
  return Math.abs(offset) > 18 * 60 ? null : wall - offset * 60_000;
}

const two = (n: number) => String(n).padStart(2, '0');

/** "2026-03-01T14:05:00+01:00": the wall clock of the zone with its offset, the plain format's time. */
export function formatIsoTime(atMs: number, zone: ZoneOffsets): string {
  const offsetMs = zone.offsetMs(atMs);
  const d = new Date(atMs + offsetMs);
  const ms = d.getUTCMilliseconds();
  const offsetMin = Math.round(offsetMs / 60_000);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return (
    `${String(d.getUTCFullYear()).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}` +
    `T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}${ms ? `.${String(ms).padStart(3, '0')}` : ''}` +
    `${sign}${two(Math.floor(abs / 60))}:${two(abs % 60)}`
  );
}

/** Day, month and year order of a vendor date written with slashes, dots or dashes. */
export type DateOrder = 'ymd' | 'dmy' | 'mdy';

const VENDOR = /^(\d{1,4})[/.-](\d{1,2})[/.-](\d{1,4})[ T]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?$/;

/** The fields of a vendor date-time, before its order is known; null if it is not one. */
export function vendorDateFields(text: string): { a: number; b: number; c: number; hour: number; minute: number; second: number; yearFirst: boolean } | null {
  const m = VENDOR.exec(text);
  if (!m) return null;
  let hour = Number(m[4]);
  if (m[7]) {
    if (hour < 1 || hour > 12) return null;
    hour = (hour % 12) + (m[7].toLowerCase() === 'p' ? 12 : 0);
  }
  const yearFirst = m[1]!.length === 4;
  if (!yearFirst && m[3]!.length !== 4 && m[3]!.length !== 2) return null;
  return { a: Number(m[1]), b: Number(m[2]), c: Number(m[3]), hour, minute: Number(m[5]), second: Number(m[6] ?? 0), yearFirst };
}

/** A vendor date-time in a known order, as a wall-clock time (see wallMs); null if it is not a real one. */
export function vendorWallMs(text: string, order: DateOrder): number | null {
  const f = vendorDateFields(text);
  if (!f) return null;
  if (f.yearFirst) return wallMs(f.a, f.b, f.c, f.hour, f.minute, f.second);
  if (order === 'ymd') return null;
  const year = f.c < 100 ? 2000 + f.c : f.c;
  return order === 'dmy' ? wallMs(year, f.b, f.a, f.hour, f.minute, f.second) : wallMs(year, f.a, f.b, f.hour, f.minute, f.second);
}
