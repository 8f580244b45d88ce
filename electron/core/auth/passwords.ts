import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// scrypt N=2^15, r=8, p=1: ~100 ms on the office PCs we target, 32 MiB of memory per attempt.
const DEFAULT_COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

export type ScryptCost = { N: number; r: number; p: number };

/** scrypt of `secret` (NFKC) with `salt`: 32 bytes, a password hash's or a sealing key's. */
export function deriveKey(secret: string, salt: Buffer, cost: ScryptCost = DEFAULT_COST): Promise<Buffer> {
  return derive(secret, salt, cost);
}

function derive(secret: string, salt: Buffer, cost: ScryptCost): Promise<Buffer> {
  const options: ScryptOptions = { ...cost, maxmem: 128 * cost.N * cost.r * 2 };
  return new Promise((resolve, reject) => {
    scrypt(secret.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** `scrypt$N$r$p$salt$hash`, salt and hash in base64: the cost travels with the hash. */
export async function hashSecret(secret: string, cost = DEFAULT_COST): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(secret, salt, cost);
  return ['scrypt', cost.N, cost.r, cost.p, salt.toString('base64'), key.toString('base64')].join('$');
}

export async function verifySecret(secret: string, stored: string | null): Promise<boolean> {
  if (!stored) return false;
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((n) => Number.isInteger(n) && n > 0) || N > 2 ** 20) return false;
  const expected = Buffer.from(parts[5]!, 'base64');
  const actual = await derive(secret, Buffer.from(parts[4]!, 'base64'), { N, r, p });
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

const dummyHashes = new Map<string, Promise<string>>();

/**
 * A hash of a throwaway secret at the same cost as real ones: checking a sign-in for an unknown
 * user against it takes as long as for a known one. Made on first use, not at start-up.
 */
export function dummyHash(cost = DEFAULT_COST): Promise<string> {
  const key = `${cost.N}/${cost.r}/${cost.p}`;
  let hash = dummyHashes.get(key);
  if (!hash) dummyHashes.set(key, (hash = hashSecret('opsflow-dummy-password', cost)));
  return hash;
}
