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
