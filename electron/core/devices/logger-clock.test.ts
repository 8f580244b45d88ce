import { describe, expect, it } from 'vitest';
import { utcToWallClockMs, wallClockToUtcMs, zoneOffsetMs } from './logger-clock';

const wall = (iso: string): number => Date.parse(`${iso}Z`);
const utc = (iso: string): number => Date.parse(`${iso}Z`);

describe('logger clock', () => {
  it('converts winter and summer wall time in Berlin', () => {
    expect(wallClockToUtcMs(wall('2024-01-15T12:00:00'), 'Europe/Berlin')).toBe(utc('2024-01-15T11:00:00'));
    expect(wallClockToUtcMs(wall('2024-07-15T12:00:00'), 'Europe/Berlin')).toBe(utc('2024-07-15T10:00:00'));
  });

  it('converts wall time west of Greenwich', () => {
    expect(wallClockToUtcMs(wall('2024-01-15T12:00:00'), 'America/New_York')).toBe(utc('2024-01-15T17:00:00'));
    expect(zoneOffsetMs(utc('2024-07-15T12:00:00'), 'America/New_York')).toBe(-4 * 3600_000);
  });

  it('takes the earlier instant for a wall time that happens twice in autumn', () => {
    expect(wallClockToUtcMs(wall('2024-10-27T02:30:00'), 'Europe/Berlin')).toBe(utc('2024-10-27T00:30:00'));
    expect(wallClockToUtcMs(wall('2024-11-03T01:30:00'), 'America/New_York')).toBe(utc('2024-11-03T05:30:00'));
  });

  it('reads a wall time skipped in spring with the offset from before the jump', () => {
    expect(wallClockToUtcMs(wall('2024-03-31T02:30:00'), 'Europe/Berlin')).toBe(utc('2024-03-31T01:30:00'));
    expect(wallClockToUtcMs(wall('2024-03-10T02:30:00'), 'America/New_York')).toBe(utc('2024-03-10T07:30:00'));
  });

  it('round-trips every quarter hour across both changes of a year', () => {
    for (let t = utc('2024-03-30T00:00:00'); t < utc('2024-04-01T00:00:00'); t += 15 * 60_000) {
      expect(wallClockToUtcMs(utcToWallClockMs(t, 'Europe/London'), 'Europe/London')).toBe(t);
    }
    for (let t = utc('2024-10-26T00:00:00'); t < utc('2024-10-28T00:00:00'); t += 15 * 60_000) {
      const back = wallClockToUtcMs(utcToWallClockMs(t, 'Europe/London'), 'Europe/London');
      // In the repeated hour the wall time is ambiguous: the earlier instant comes back.
      expect([t, t - 3600_000]).toContain(back);
    }
  });

  it('handles zones with half-hour offsets and no daylight saving', () => {
    expect(wallClockToUtcMs(wall('2024-06-01T12:00:00'), 'Asia/Kolkata')).toBe(utc('2024-06-01T06:30:00'));
    expect(wallClockToUtcMs(wall('2024-06-01T12:00:00'), 'UTC')).toBe(utc('2024-06-01T12:00:00'));
  });

  it('refuses a zone name it does not know', () => {
    expect(() => wallClockToUtcMs(0, 'Mars/Olympus_Mons')).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });
});
