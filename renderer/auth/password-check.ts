/**
 * The engine's password check (domain/auth/password-policy), loaded when a password field first
 * appears: zxcvbn and its dictionaries are over a megabyte that no other screen needs.
 */
type PasswordPolicy = typeof import('../../domain/auth/password-policy');

let loaded: PasswordPolicy | null = null;
let loading: Promise<PasswordPolicy> | null = null;

export function loadPasswordPolicy(): Promise<PasswordPolicy> {
  loading ??= import('../../domain/auth/password-policy').then((policy) => (loaded = policy));
  return loading;
}

/** The check if it has loaded (a password field asked for it), else null. */
export function loadedPasswordPolicy(): PasswordPolicy | null {
  return loaded;
}
