const formatters = new Map<string, Intl.DateTimeFormat>();

function formatterFor(timeZone: string | undefined, withSeconds: boolean): Intl.DateTimeFormat {
  const key = `${timeZone ?? ''}|${withSeconds}`;
  let formatter = formatters.get(key);
  if (!formatter) {
    const options: Intl.DateTimeFormatOptions = {
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: withSeconds ? '2-digit' : undefined,
      hourCycle: 'h23',
    };
    try {
      // sv-SE gives ISO-like "2025-03-01 14:32:05": unambiguous in every country the chain runs in.
      formatter = new Intl.DateTimeFormat('sv-SE', { ...options, timeZone });
    } catch {
      formatter = new Intl.DateTimeFormat('sv-SE', options);
    }
    formatters.set(key, formatter);
  }
  return formatter;
}

/** A UTC instant shown in a location's time zone (or this PC's when none is known). */
export function formatInZone(atMs: number, timeZone?: string, withSeconds = false): string {
  return formatterFor(timeZone, withSeconds).format(new Date(atMs));
}

/** "3 hours ago", "2 days ago": for the last backup and similar. */
export function formatAge(atMs: number, nowMs = Date.now()): string {
  const minutes = Math.round((nowMs - atMs) / 60_000);
  const rtf = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' });
  if (Math.abs(minutes) < 60) return rtf.format(-minutes, 'minute');
  const hours = Math.round(minutes / 60);
  if (Math.abs(hours) < 48) return rtf.format(-hours, 'hour');
  return rtf.format(-Math.round(hours / 24), 'day');
}

/** "2025-03-01": the calendar day an instant falls on in a zone (the value of an <input type="date">). */
export function dateInZone(atMs: number, timeZone?: string): string {
  return formatInZone(atMs, timeZone).slice(0, 10);
}

/** "14:02" when the instant is today in the zone, else "2025-03-01 14:02": short where it can be. */
export function formatShortInZone(atMs: number, timeZone?: string, nowMs = Date.now()): string {
  const full = formatInZone(atMs, timeZone);
  return full.slice(0, 10) === dateInZone(nowMs, timeZone) ? full.slice(11) : full;
}

/** How far the zone's wall clock is ahead of UTC at an instant, in ms. */
function zoneOffsetMs(atMs: number, timeZone?: string): number {
  const [date = '', time = ''] = formatInZone(atMs, timeZone, true).split(' ');
  const [y = 0, mo = 1, d = 1] = date.split('-').map(Number);
  const [h = 0, mi = 0, s = 0] = time.split(':').map(Number);
  return Date.UTC(y, mo - 1, d, h, mi, s) - Math.floor(atMs / 1000) * 1000;
}

/**
 * Midnight at the start of a calendar day ("2025-03-01") in a zone, as a UTC instant; null for a
 * string that is not a date. Two passes find the offset that applies at that midnight (DST days).
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
