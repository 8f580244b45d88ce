import { MIN_PASSWORD_LENGTH } from '../../domain/auth/password-rules';
import { pin as pinSchema, username as usernameSchema } from '../../domain/contract/limits';
import { loadedPasswordPolicy } from './password-check';

/**
 * The engine's own rules (length, not the username, hard to guess), so a refusal is said before the
 * form is sent. The password fields load the full check when they appear; until it has loaded only
 * the length is checked here, and the engine still checks everything.
 */
export function checkNewPassword(password: string, username?: string): string | null {
  if (!password) return 'Enter a password.';
  const policy = loadedPasswordPolicy();
  if (policy) return policy.passwordProblem(password, { username });
  return password.length < MIN_PASSWORD_LENGTH ? `Use at least ${MIN_PASSWORD_LENGTH} characters.` : null;
}

export function checkPasswordConfirm(password: string, confirm: string): string | null {
  if (!confirm) return 'Type the password again.';
  if (password !== confirm) return 'The two passwords are not the same.';
  return null;
}

export function checkUsername(value: string): string | null {
  if (!value.trim()) return 'Enter a username.';
  const parsed = usernameSchema.safeParse(value);
  if (parsed.success) return null;
  return parsed.error.issues[0]?.message ?? 'This username is not valid.';
}

export function checkPin(value: string): string | null {
  const parsed = pinSchema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? null);
}

export function checkRequired(value: string, what: string): string | null {
  return value.trim() ? null : `Enter ${what}.`;
}
