import { COMMON_PASSWORDS } from './common-passwords';

export const MIN_PASSWORD_LENGTH = 10;
/** The one rule the sign-in forms check before asking the engine (which checks them all). */
export const PASSWORD_TOO_SHORT = `Use at least ${MIN_PASSWORD_LENGTH} characters.`;

/** Why a password is refused, as a sentence; null when it is acceptable. */
export function passwordProblem(password: string, context: { username?: string } = {}): string | null {
  if (password.length < MIN_PASSWORD_LENGTH) return PASSWORD_TOO_SHORT;
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return 'That password is on the list of the most common ones; choose another.';
  if (context.username && lower.includes(context.username.toLowerCase())) return 'The password must not contain the username.';
  if (new Set(password).size < 4) return 'That password repeats too few characters; choose another.';
  return null;
}

/** Failed sign-ins slow down: 0.5 s, 1 s, 2 s, 4 s… capped, before the fifth locks the account. */
export const LOCKOUT_AFTER_FAILURES = 5;
export const LOCKOUT_MS = 15 * 60_000;

export function signInDelayMs(failuresSoFar: number, baseMs = 500): number {
  if (failuresSoFar <= 0) return 0;
  return Math.min(baseMs * 2 ** (failuresSoFar - 1), 8 * baseMs);
}
