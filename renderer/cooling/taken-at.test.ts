import { describe, expect, it } from 'vitest';
import { readTakenAt } from './taken-at';

describe('when a probe reading was taken', () => {
  it('is read on the location’s wall clock; empty is now', () => {
    expect(readTakenAt('2026-11-25T14:05', 'America/Chicago', 0)).toBe(Date.UTC(2026, 10, 25, 20, 5));
    expect(readTakenAt('', 'America/Chicago', 1234)).toBe(1234);
  });
  it('anything else is not a time', () => {
    expect(readTakenAt('2026-11-25 25:00', 'UTC', 0)).toBeNull();
    expect(readTakenAt('yesterday', 'UTC', 0)).toBeNull();
  });
});
