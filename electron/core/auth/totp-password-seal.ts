import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Secret } from 'otpauth';
import { deriveKey, type ScryptCost } from './passwords';

/**
 * A two-factor secret as the user's credentials document carries it to every PC they are granted:
 * sealed with a key derived from their password (scrypt, its own salt, unrelated to the password
 * hash's), AES-256-GCM. A PC opens it right after the password was checked, at sign-in; a backup
 * file or the hub's database alone gives nothing but what cracking the password would give.
 *
 * `p1$N$r$p$salt$enrolment$iv|tag|ciphertext`, base64url. The enrolment id names the secret the
 * user set up (it stays the same when the secret is sealed again under a new password), so a PC's
 * own copy (totp-local-copy.ts) is used only for the secret that is current. The header and the
 * user id are bound in as associated data: a value copied onto another user does not open.
 */
const PREFIX = 'p1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

export function isPasswordSealed(stored: string): boolean {
  return stored.startsWith(`${PREFIX}$`);
}

export function newEnrolmentId(): string {
  return randomBytes(9).toString('base64url');
}

/** The enrolment a password-sealed value belongs to, or null for any other value. */
export function enrolmentOf(stored: string | null): string | null {
  if (!stored || !isPasswordSealed(stored)) return null;
  return stored.split('$')[5] ?? null;
}

export async function sealTotpWithPassword(secretBase32: string, password: string, userId: string, enrolment: string, cost?: ScryptCost): Promise<string> {
  const { N, r, p } = cost ?? { N: 2 ** 15, r: 8, p: 1 };
  const salt = randomBytes(16);
  const header = [PREFIX, N, r, p, salt.toString('base64url'), enrolment].join('$');
  const key = await deriveKey(password, salt, { N, r, p });
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(`${header}|${userId}`));
  const body = Buffer.concat([cipher.update(Secret.fromBase32(secretBase32).bytes), cipher.final()]);
  return `${header}$${Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url')}`;
}

/** The secret's base32, or null: sealed under another password (or for another user, or damaged). */
export async function openTotpWithPassword(stored: string, password: string, userId: string): Promise<string | null> {
  const parts = stored.split('$');
  if (parts.length !== 7 || parts[0] !== PREFIX) return null;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return null;
  const raw = Buffer.from(parts[6]!, 'base64url');
  if (raw.length <= IV_BYTES + TAG_BYTES) return null;
  const key = await deriveKey(password, Buffer.from(parts[4]!, 'base64url'), { N, r, p });
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(`${parts.slice(0, 6).join('$')}|${userId}`));
  decipher.setAuthTag(raw.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  try {
    const bytes = Buffer.concat([decipher.update(raw.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]);
    return new Secret({ buffer: new Uint8Array(bytes).buffer }).base32;
  } catch {
    return null;
  }
}
