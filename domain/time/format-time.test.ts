import { describe, expect, it } from 'vitest';
import { dayPattern, formatDateTime, formatDateTimeShort, formatDay, formatTime, parseDay, type TimeStyle } from './format-time';

const AT = Date.UTC(2026, 10, 25, 21, 12, 5); // 15:12:05 in Chicago, 22:12:05 in Berlin
const chicago = (clock: TimeStyle['clock'], dateStyle: TimeStyle['dateStyle']): TimeStyle => ({ timeZone: 'America/Chicago', clock, dateStyle });

describe('one way of writing a time', () => {
  it('shows the location’s wall clock in the reader’s clock and date order', () => {
    expect(formatDateTime(AT, chicago('24h', 'iso'))).toBe('2026-11-25 15:12');
    expect(formatDateTime(AT, chicago('24h', 'dmy'))).toBe('25/11/2026 15:12');
    expect(formatDateTime(AT, chicago('12h', 'mdy'))).toBe('11/25/2026 3:12 PM');
    expect(formatDateTime(AT, chicago('12h', 'iso'), { seconds: true })).toBe('2026-11-25 3:12:05 PM');
    expect(formatDateTime(AT, { timeZone: 'Europe/Berlin', clock: '24h', dateStyle: 'iso' })).toBe('2026-11-25 22:12');
  });

  it('writes midnight and noon the way a 12-hour clock reads them', () => {
    expect(formatTime(Date.UTC(2026, 0, 1, 0, 5), { timeZone: 'UTC', clock: '12h', dateStyle: 'iso' })).toBe('12:05 AM');
    expect(formatTime(Date.UTC(2026, 0, 1, 12, 0), { timeZone: 'UTC', clock: '12h', dateStyle: 'iso' })).toBe('12:00 PM');
    expect(formatTime(Date.UTC(2026, 0, 1, 0, 5), { timeZone: 'UTC', clock: '24h', dateStyle: 'iso' })).toBe('00:05');
  });

  it('leaves the date out for a time of today in the zone', () => {
    expect(formatDateTimeShort(AT, chicago('24h', 'iso'), AT + 60_000)).toBe('15:12');
    // Ten hours later it is the next day in Chicago.
    expect(formatDateTimeShort(AT, chicago('24h', 'dmy'), AT + 10 * 3_600_000)).toBe('25/11/2026 15:12');
  });

  it('reads a typed date in the chosen order, and refuses a day that does not exist', () => {
    expect(parseDay('25/11/2026', 'dmy')).toBe('2026-11-25');
    expect(parseDay('25.11.2026', 'dmy')).toBe('2026-11-25');
    expect(parseDay('11/25/2026', 'mdy')).toBe('2026-11-25');
    expect(parseDay('2026-11-25', 'mdy')).toBe('2026-11-25');
    expect(parseDay(' 2026-1-5 ', 'iso')).toBe('2026-01-05');
    expect(parseDay('25/11/2026', 'mdy')).toBeNull();
    expect(parseDay('11/25/2026', 'iso')).toBeNull();
    expect(parseDay('31/02/2026', 'dmy')).toBeNull();
    expect(parseDay('tomorrow', 'dmy')).toBeNull();
    expect(formatDay('2026-11-25', 'dmy')).toBe('25/11/2026');
    expect(formatDay('2026-11-25', 'mdy')).toBe('11/25/2026');
    expect(dayPattern('mdy')).toBe('mm/dd/yyyy');
  });
});
