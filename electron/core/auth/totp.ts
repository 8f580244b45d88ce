import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';
import { OpsFlowError } from '../../../domain/errors';
import type { SecretBox } from '../secrets/secret-box';
import { hashSecret, verifySecret } from './passwords';

const ISSUER = 'OpsFlow';

function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({ issuer: ISSUER, label, algorithm: 'SHA1', digits: 6, period: 30, secret: Secret.fromBase32(secretBase32) });
}

/** A code that does not match, at sign-in or when setting two-factor up. */
export function wrongTotpCode(): OpsFlowError {
  return new OpsFlowError('TOTP_INVALID', 'That code is not right. Check the time on your phone and try the newest code.');
}

export function newTotpSecret(): string {
  return new Secret({ size: 20 }).base32;
}

export async function totpEnrollment(secretBase32: string, label: string) {
  const otpauthUrl = totpFor(secretBase32, label).toString();
  const qrSvg = await QRCode.toString(otpauthUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
  return { secretBase32, otpauthUrl, qrSvg };
}

const PERIOD_MS = 30_000;

/**
 * RFC 6238 with one step of clock drift either way, as authenticator apps expect. Returns the time
 * step the code belongs to, or null. A code is good once: a step at or before `lastUsedStep` is
 * refused (RFC 6238 §5.2), so a code read over someone's shoulder cannot be replayed.
 */
export function checkTotp(secretBase32: string, code: string, atMs: number, lastUsedStep: number | null = null): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const delta = totpFor(secretBase32, 'check').validate({ token: code, timestamp: atMs, window: 1 });
  if (delta === null) return null;
  const step = Math.floor(atMs / PERIOD_MS) + delta;
  return lastUsedStep !== null && step <= lastUsedStep ? null : step;
}

export function currentTotp(secretBase32: string, atMs: number): string {
  return totpFor(secretBase32, 'check').generate({ timestamp: atMs });
}

const BACKUP_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789';

/** Ten one-time codes like `k7mp-2xqr`; only their hashes are stored. */
export function newBackupCodes(): string[] {
  return Array.from({ length: 10 }, () => {
    const bytes = randomBytes(8);
    const chars = [...bytes].map((b) => BACKUP_ALPHABET[b % BACKUP_ALPHABET.length]).join('');
    return `${chars.slice(0, 4)}-${chars.slice(4)}`;
  });
}

/**
 * TOTP secrets are kept sealed with this PC's key (SecretBox), bound to the user they belong to:
 * a sealed secret copied onto another user's record does not open.
 */
export function sealTotpSecret(box: SecretBox, userId: string, secretBase32: string): string {
  return box.seal(secretBase32, `totp:${userId}`);
}

/** The secret's base32; a secret stored in plain text before sealing existed reads as it is. */
export function openTotpSecret(box: SecretBox, userId: string, stored: string): string {
  return box.open(stored, `totp:${userId}`);
}

/**
 * scrypt at N=2^12 (4 MiB, a few ms): modest, since a sign-in may try all ten codes, yet with a
 * salt per code each stolen hash must be attacked on its own, at 4 MiB a guess, across the
 * 31^8 (about 2^40) possible codes.
 */
const BACKUP_CODE_COST = { N: 2 ** 12, r: 8, p: 1 };

function normalizeBackupCode(code: string): string {
  return code.trim().toLowerCase().replace('-', '');
}

/** `scrypt$N$r$p$salt$hash` of one code, with its own salt. */
export function hashBackupCode(code: string): Promise<string> {
  return hashSecret(normalizeBackupCode(code), BACKUP_CODE_COST);
}

/** Unsalted SHA-256 hex, as codes were hashed before: still accepted until they are used or replaced. */
const LEGACY_SHA256 = /^[0-9a-f]{64}$/;

/** The stored hash `code` matches, or null. Every comparison is constant-time. */
export async function matchBackupCode(code: string, hashes: readonly string[]): Promise<string | null> {
  const normalized = normalizeBackupCode(code);
  const legacy = createHash('sha256').update(normalized).digest();
  const matches = await Promise.all(
    hashes.map((stored) => (LEGACY_SHA256.test(stored) ? timingSafeEqual(legacy, Buffer.from(stored, 'hex')) : verifySecret(normalized, stored))),
  );
  const at = matches.indexOf(true);
  return at < 0 ? null : hashes[at]!;
}
