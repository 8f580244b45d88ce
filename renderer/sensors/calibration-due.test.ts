import { describe, expect, it } from 'vitest';
import { startOfDayInZone } from '../../domain/time/calendar-days';
import { formatDay } from '../../domain/time/format-time';
import { calibrationDue } from './calibration-due';

const ZONE = 'America/Chicago';
const day = (d: string) => startOfDayInZone(d, ZONE)!;
const NOW = Date.UTC(2025, 5, 15, 18); // 2025-06-15 13:00 in Chicago

describe('calibration due dates', () => {
  it('is overdue from the day after the due day, in the location’s zone', () => {
    expect(calibrationDue(day('2025-06-14'), ZONE, { nowMs: NOW })).toEqual({ state: 'overdue', day: '2025-06-14', text: 'Overdue since 2025-06-14' });
    expect(calibrationDue(day('2025-06-15'), ZONE, { nowMs: NOW }).text).toBe('Due today (2025-06-15)');
  });

  it('warns in words a month ahead, and says when nothing is set', () => {
    expect(calibrationDue(day('2025-06-16'), ZONE, { nowMs: NOW }).text).toBe('Due in 1 day (2025-06-16)');
    expect(calibrationDue(day('2025-07-15'), ZONE, { nowMs: NOW })).toMatchObject({ state: 'soon', text: 'Due in 30 days (2025-07-15)' });
    expect(calibrationDue(day('2025-07-16'), ZONE, { nowMs: NOW })).toMatchObject({ state: 'ok', text: 'Due 2025-07-16' });
    expect(calibrationDue(null, ZONE, { nowMs: NOW })).toMatchObject({ state: 'none', text: 'No due date' });
  });

  it('writes the day in the reader’s date order, and keeps it year-first for calculations', () => {
    const due = calibrationDue(day('2025-06-16'), ZONE, { nowMs: NOW, writeDay: (d) => formatDay(d, 'dmy') });
    expect(due).toEqual({ state: 'soon', day: '2025-06-16', text: 'Due in 1 day (16/06/2025)' });
  });
});
