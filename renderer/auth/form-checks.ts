import { MIN_PASSWORD_LENGTH, PASSWORD_TOO_SHORT } from '../../domain/auth/password-policy';
import { pin as pinSchema, username as usernameSchema } from '../../domain/contract/limits';

// The engine's rule too (it also refuses common passwords, a list only it carries).
export { MIN_PASSWORD_LENGTH };

export function checkNewPassword(password: string): string | null {
  if (!password) return 'Enter a password.';
  if (password.length < MIN_PASSWORD_LENGTH) return PASSWORD_TOO_SHORT;
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
  const parsed = pinSchema.safeParse(value);
  return parsed.success ? null : (parsed.error.issues[0]?.message ?? null);
}

export function checkRequired(value: string, what: string): string | null {
  return value.trim() ? null : `Enter ${what}.`;
}
