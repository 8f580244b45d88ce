import { describe, expect, it } from 'vitest';
import { LOCKOUT_AFTER_FAILURES, LOCKOUT_MS, MIN_PASSWORD_LENGTH, passwordProblem, signInDelayMs } from './password-policy';

describe('password policy', () => {
  it('accepts a long passphrase', () => {
    expect(passwordProblem('correct horse battery', { username: 'alice' })).toBeNull();
  });

  it('refuses fewer than 10 characters, counting exactly', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(passwordProblem('abcdefgh9')).toMatch(/at least 10/);
    expect(passwordProblem('abcdefgh90')).toBeNull();
  });

  it('refuses the common passwords whatever their case', () => {
    expect(passwordProblem('password123')).toMatch(/common/);
    expect(passwordProblem('PassWord123')).toMatch(/common/);
  });

  it('refuses a password containing the username, whatever the case', () => {
    expect(passwordProblem('my name is ALICE!', { username: 'alice' })).toMatch(/username/);
  });

  it('refuses a password of very few different characters', () => {
    expect(passwordProblem('abababababab')).toMatch(/repeats/);
  });
});

describe('sign-in slow-down and lockout', () => {
  it('no wait before the first try, then doubling waits, capped', () => {
    expect([0, 1, 2, 3, 4, 5, 10].map((n) => signInDelayMs(n))).toEqual([0, 500, 1000, 2000, 4000, 4000, 4000]);
  });

  it('locks for 15 minutes after 5 misses', () => {
    expect(LOCKOUT_AFTER_FAILURES).toBe(5);
    expect(LOCKOUT_MS).toBe(15 * 60_000);
  });
});
