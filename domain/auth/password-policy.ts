import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import { MIN_PASSWORD_LENGTH, MIN_PASSWORD_SCORE } from './password-rules';

/**
 * What a new password must be. NIST SP 800-63B asks for a length floor and a check against
 * passwords known from breaches and dictionaries, not for composition rules: the check is
 * zxcvbn-ts with its common-language lists (breached passwords, names, words, keyboard runs) and
 * its estimate of how many guesses a password takes. Pure: the engine and the password fields of
 * the UI run the same check.
 */

export { MIN_PASSWORD_LENGTH, MIN_PASSWORD_SCORE, PASSWORD_RULES } from './password-rules';

/**
 * Only this many characters are looked at. zxcvbn's matching grows steeply with length (a
 * 200-character password took seconds), and 64 characters of a passphrase are strong or weak on
 * their own.
 */
const CHECKED_LENGTH = 64;

let checker: ZxcvbnFactory | null = null;

/** Made on first use: unpacking the dictionaries takes a moment nobody should wait for at start-up. */
function zxcvbn(): ZxcvbnFactory {
  checker ??= new ZxcvbnFactory({
    translations,
    graphs: adjacencyGraphs,
    dictionary: { ...commonDictionary, ...englishDictionary },
    maxLength: CHECKED_LENGTH,
    // The leet-speak matcher tries every substitution; a few are enough to see through "p4ssw0rd".
    l33tMaxSubstitutions: 16,
  });
  return checker;
}

export interface PasswordVerdict {
  /** zxcvbn's 0–4, or 0 when a rule before it failed. */
  score: 0 | 1 | 2 | 3 | 4;
  /** Why the password is refused, as sentences; null when it is acceptable. */
  problem: string | null;
  /** zxcvbn's own explanation and hints, also for an accepted password that could be stronger. */
  warning: string | null;
  suggestions: string[];
}

/** The full verdict on a new password: for the engine's refusal and the fields' strength meter alike. */
export function judgePassword(password: string, context: { username?: string } = {}): PasswordVerdict {
  const username = context.username?.trim().toLowerCase() ?? '';
  if (password.length < MIN_PASSWORD_LENGTH) {
    return { score: 0, problem: `Use at least ${MIN_PASSWORD_LENGTH} characters.`, warning: null, suggestions: [] };
  }
  if (username && password.toLowerCase().includes(username)) {
    return { score: 0, problem: 'The password must not contain the username.', warning: null, suggestions: [] };
  }
  const result = zxcvbn().check(password, username ? [username] : []);
  const { warning, suggestions } = result.feedback;
  const score = result.score as PasswordVerdict['score'];
  if (score >= MIN_PASSWORD_SCORE) return { score, problem: null, warning: warning ?? null, suggestions };
  const why = [warning, ...suggestions].filter((s): s is string => Boolean(s));
  if (why.length === 0) why.push('Add another word or two that are not common.');
  return { score, problem: `That password is too easy to guess. ${why.join(' ')}`, warning: warning ?? null, suggestions };
}

/** Why a password is refused, as sentences; null when it is acceptable. */
export function passwordProblem(password: string, context: { username?: string } = {}): string | null {
  return judgePassword(password, context).problem;
}

/** Failed sign-ins slow down: 0.5 s, 1 s, 2 s, 4 s… capped, before the fifth locks the account. */
export const LOCKOUT_AFTER_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;

export function signInDelayMs(failuresSoFar: number, baseMs = 500): number {
  if (failuresSoFar <= 0) return 0;
  return Math.min(baseMs * 2 ** (failuresSoFar - 1), 8 * baseMs);
}
