import { describe, expect, it } from 'vitest';
import { dayInZone, nextDay, startOfDayInZone } from './calendar-days';

describe('days in a location’s time zone', () => {
  it('finds the UTC instant of local midnight, also on daylight-saving days', () => {
    expect(startOfDayInZone('2025-01-15', 'America/Chicago')).toBe(Date.UTC(2025, 0, 15, 6));
    expect(startOfDayInZone('2025-07-15', 'America/Chicago')).toBe(Date.UTC(2025, 6, 15, 5));
    // The spring-forward day starts before the change, at the winter offset.
    expect(startOfDayInZone('2025-03-09', 'America/Chicago')).toBe(Date.UTC(2025, 2, 9, 6));
    expect(startOfDayInZone('2025-03-30', 'Europe/Berlin')).toBe(Date.UTC(2025, 2, 29, 23));
    expect(startOfDayInZone('2025-13-01', 'UTC')).toBeNull();
    expect(startOfDayInZone('yesterday', 'UTC')).toBeNull();
  });

  it('names the calendar day an instant falls on, and the day after', () => {
    const at = Date.UTC(2025, 0, 15, 3, 30);
    expect(dayInZone(at, 'America/Chicago')).toBe('2025-01-14');
    expect(dayInZone(at, 'Asia/Tokyo')).toBe('2025-01-15');
    expect(nextDay('2024-02-28')).toBe('2024-02-29');
    expect(nextDay('2025-12-31')).toBe('2026-01-01');
  });
});
