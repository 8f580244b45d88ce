import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SECRETS_KEY_FILE, resolveSecretsKey, updateSealer } from './update-sealer';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const folder = () => {
  const d = mkdtempSync(join(tmpdir(), 'opsflow-hub-key-'));
  dirs.push(d);
  return d;
};

const update = new Uint8Array(Buffer.from('passwordHash scrypt$abc'));

describe("the hub's secrets key and sealed credentials", () => {
  it('makes a key file readable by the hub’s user only, and reads the same key next time', () => {
    const dir = folder();
    const key = resolveSecretsKey({}, dir);
    expect(statSync(join(dir, SECRETS_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(resolveSecretsKey({}, dir)).toEqual(key);
  });

  it('HUB_SECRETS_KEY wins; a malformed one is refused in a sentence; PostgreSQL without it has none', () => {
    expect(resolveSecretsKey({ HUB_SECRETS_KEY: 'ab'.repeat(32) }, folder())).toEqual(new Uint8Array(32).fill(0xab));
    expect(() => resolveSecretsKey({ HUB_SECRETS_KEY: 'short' }, null)).toThrow(/64 hex characters/);
    expect(resolveSecretsKey({}, null)).toBeNull();
  });

  it('seals credentials documents only, bound to their name; without a key it refuses to store them', () => {
    const sealer = updateSealer(new Uint8Array(32).fill(1));
    const sealed = sealer.seal('t/credentials/u1', update);
    expect(Buffer.from(sealed).includes(Buffer.from('scrypt'))).toBe(false);
    expect(sealer.open('t/credentials/u1', sealed)).toEqual(update);
    expect(() => sealer.open('t/credentials/u2', sealed)).toThrow();
    expect(() => updateSealer(new Uint8Array(32).fill(2)).open('t/credentials/u1', sealed)).toThrow();
    expect(sealer.seal('t/l1/ops', update)).toBe(update);
    expect(() => updateSealer(null).seal('t/credentials/u1', update)).toThrow(/HUB_SECRETS_KEY/);
  });
});
