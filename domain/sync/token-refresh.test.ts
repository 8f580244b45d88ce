import { describe, expect, it } from 'vitest';
import { tokenRefreshDue } from './token-refresh';

const DAY = 24 * 3600_000;
const ENROLLED = Date.UTC(2026, 0, 1);

describe('when a PC refreshes its hub token', () => {
  it('not while more than 90 days are left, and from 90 days before it expires on', () => {
    const enrollment = { enrolledAtMs: ENROLLED, tokenExpiresAtMs: ENROLLED + 180 * DAY };
    expect(tokenRefreshDue(enrollment, ENROLLED + 89 * DAY)).toBe(false);
    expect(tokenRefreshDue(enrollment, ENROLLED + 90 * DAY)).toBe(true);
    expect(tokenRefreshDue(enrollment, ENROLLED + 400 * DAY)).toBe(true);
  });

  it('a token whose expiry the hub did not say is taken to last 180 days from enrolment', () => {
    expect(tokenRefreshDue({ enrolledAtMs: ENROLLED }, ENROLLED + 89 * DAY)).toBe(false);
    expect(tokenRefreshDue({ enrolledAtMs: ENROLLED, tokenExpiresAtMs: null }, ENROLLED + 90 * DAY)).toBe(true);
  });
});
