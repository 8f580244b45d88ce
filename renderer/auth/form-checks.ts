import { username as usernameSchema } from '../../domain/contract/limits';

/** The engine's rule too: at least 10 characters (and not a common password, which only it checks). */
export const MIN_PASSWORD_LENGTH = 10;

export function checkNewPassword(password: string): string | null {
  if (!password) return 'Enter a password.';
  if (password.length < MIN_PASSWORD_LENGTH) return `Use at least ${MIN_PASSWORD_LENGTH} characters.`;
  return null;
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
  if (!/^\d{4,6}$/.test(value)) return 'A PIN is 4 to 6 digits.';
  return null;
}

export function checkRequired(value: string, what: string): string | null {
  return value.trim() ? null : `Enter ${what}.`;
}
