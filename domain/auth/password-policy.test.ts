import { describe, expect, it } from 'vitest';
import { judgePassword, LOCKOUT_AFTER_FAILURES, LOCKOUT_MS, MIN_PASSWORD_LENGTH, MIN_PASSWORD_SCORE, PASSWORD_RULES, passwordProblem, signInDelayMs } from './password-policy';

describe('password policy', () => {
  it('accepts long passphrases, the ones the tests sign in with among them', () => {
    for (const p of ['correct horse battery', 'plum tree orchard 42', 'manager password 42', 'staff password 123', 'temporary password 9']) {
      expect(passwordProblem(p, { username: 'alice' }), p).toBeNull();
    }
  });

  it('refuses fewer than 10 characters, counting exactly', () => {
    expect(MIN_PASSWORD_LENGTH).toBe(10);
    expect(passwordProblem('tulip93 o')).toBe('Use at least 10 characters.');
    expect(passwordProblem('tulip93 ox')).toBeNull();
  });

  it('refuses passwords known from breaches and dictionaries, whatever their case, and says why', () => {
    expect(passwordProblem('password123')).toBe('That password is too easy to guess. This is a commonly used password. Add more words that are less common.');
    expect(passwordProblem('PassWord123')).toMatch(/^That password is too easy to guess\. This is similar to a commonly used password\./);
    expect(passwordProblem('qwertyuiop')).toMatch(/frequently used password/);
    expect(passwordProblem('Summer2024!')).toMatch(/too easy to guess/);
  });

  it('refuses repeats, sequences and keyboard runs that the old list did not have', () => {
    expect(passwordProblem('abababababab')).toMatch(/Repeated character patterns/);
    expect(passwordProblem('abcdefgh90')).toMatch(/character sequences/);
    expect(passwordProblem('zxcvbnm,./')).toMatch(/too easy to guess/);
  });

  it('refuses a password containing the username, whatever the case', () => {
    expect(passwordProblem('my name is ALICE!', { username: 'alice' })).toBe('The password must not contain the username.');
    expect(passwordProblem('my name is ALICE!', { username: 'bob' })).toBeNull();
  });

  it('gives the score and hints for a meter: weak ones low with a warning, strong ones at or above the bar', () => {
    expect(judgePassword('password123')).toMatchObject({ score: 0, warning: expect.stringMatching(/common/), suggestions: [expect.any(String)] });
    expect(judgePassword('plum tree orchard 42').score).toBeGreaterThanOrEqual(MIN_PASSWORD_SCORE);
    expect(judgePassword('short')).toMatchObject({ score: 0, problem: expect.stringMatching(/at least 10/) });
  });

  it('states the rules in sentences', () => {
    expect(PASSWORD_RULES.join(' ')).toMatch(/at least 10 characters.*username.*common password/is);
  });

  it('judges a very long password on its first 64 characters, quickly enough to type against', () => {
    // zxcvbn's leet and repeat matchers took seconds on 200 characters like these; vitest's timeout catches a regression.
    for (const p of ['p4ssw0rd'.repeat(30), 'aB3$'.repeat(60), '1234567890'.repeat(25)]) expect(passwordProblem(p)).toMatch(/too easy to guess/);
    expect(passwordProblem(`${'x'.repeat(64)}unguessable tail words`)).toMatch(/too easy to guess/);
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
