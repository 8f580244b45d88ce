import { describe, expect, it } from 'vitest';
import { backupIsStale } from './backup-due';

const HOUR = 3600_000;
const SET_UP = Date.UTC(2026, 10, 22, 9);
const stale = (lastSuccessAtMs: number | null, hoursAfterSetUp: number) =>
  backupIsStale({ lastSuccessAtMs, setUpAtMs: SET_UP, nowMs: SET_UP + hoursAfterSetUp * HOUR, staleAfterMs: 48 * HOUR });

describe('when the backup is out of date', () => {
  it('a fresh install does not warn before its first backup is due', () => {
    expect(stale(null, 0)).toBe(false);
    expect(stale(null, 24)).toBe(false);
    expect(stale(null, 25)).toBe(true);
  });

  it('with a backup, it warns once the last one is older than two days', () => {
    expect(stale(SET_UP + 1 * HOUR, 49)).toBe(false);
    expect(stale(SET_UP + 1 * HOUR, 50)).toBe(true);
  });
});
