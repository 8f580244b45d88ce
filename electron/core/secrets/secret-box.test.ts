import { randomBytes } from 'node:crypto';
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../testing/test-engine';
import { fileKeyProvider } from './key-file';
import { SecretBox, SecretUnreadableError } from './secret-box';

const fixedKey = (key = randomBytes(32)) => ({ key: () => key });

describe('SecretBox', () => {
  it('seals as v1:<base64>, a fresh IV each time, and opens what it sealed', () => {
    const box = new SecretBox(fixedKey());
    const a = box.seal('JBSWY3DPEHPK3PXP', 'totp:u1');
    const b = box.seal('JBSWY3DPEHPK3PXP', 'totp:u1');
    expect(a).toMatch(/^v1:[A-Za-z0-9+/]+=*$/);
    expect(a).not.toBe(b);
    expect(a).not.toContain('JBSWY3DPEHPK3PXP');
    expect(Buffer.from(a.slice(3), 'base64').length).toBe(12 + 16 + 16);
    expect(box.open(a, 'totp:u1')).toBe('JBSWY3DPEHPK3PXP');
    expect(box.open(b, 'totp:u1')).toBe('JBSWY3DPEHPK3PXP');
  });

  it('does not open under another context, another key, or after any change', () => {
    const key = randomBytes(32);
    const sealed = new SecretBox(fixedKey(key)).seal('JBSWY3DPEHPK3PXP', 'totp:u1');
    expect(() => new SecretBox(fixedKey(key)).open(sealed, 'totp:u2')).toThrow(SecretUnreadableError);
    expect(() => new SecretBox(fixedKey()).open(sealed, 'totp:u1')).toThrow(SecretUnreadableError);
    const raw = Buffer.from(sealed.slice(3), 'base64');
    for (const at of [0, 13, raw.length - 1]) {
      const changed = Buffer.from(raw);
      changed[at]! ^= 1;
      expect(() => new SecretBox(fixedKey(key)).open(`v1:${changed.toString('base64')}`, 'totp:u1'), `byte ${at}`).toThrow(SecretUnreadableError);
    }
    expect(() => new SecretBox(fixedKey(key)).open('v1:AAAA', 'totp:u1')).toThrow(SecretUnreadableError);
  });

  it('reads a secret stored in plain text before sealing existed, and refuses a format it does not know', () => {
    const box = new SecretBox(fixedKey());
    expect(SecretBox.isSealed('JBSWY3DPEHPK3PXP')).toBe(false);
    expect(box.open('JBSWY3DPEHPK3PXP', 'totp:u1')).toBe('JBSWY3DPEHPK3PXP');
    expect(() => box.open('v2:AAAA', 'totp:u1')).toThrow(SecretUnreadableError);
  });

  it('asks the provider once, and refuses a key that is not 32 bytes', () => {
    let asked = 0;
    const box = new SecretBox({ key: () => (asked++, randomBytes(32)) });
    box.open(box.seal('x', 'c'), 'c');
    box.seal('y', 'c');
    expect(asked).toBe(1);
    expect(() => new SecretBox({ key: () => randomBytes(16) }).seal('x', 'c')).toThrow(/32 bytes/);
  });
});

describe('the key file', () => {
  const temps: { cleanup: () => void }[] = [];
  afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));
  const folder = () => {
    const t = tempDataDir();
    temps.push(t);
    return t.dir;
  };

  it('is made on first use, 32 random bytes only this user can read, and read back the same after', () => {
    const path = join(folder(), 'secrets.key');
    const key = fileKeyProvider(path).key();
    expect(key.length).toBe(32);
    expect(readFileSync(path)).toEqual(key);
    if (process.platform !== 'win32') expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(fileKeyProvider(path).key()).toEqual(key);
  });

  it('every provider of one path gets the one key: the first makes it, the others read it', () => {
    const path = join(folder(), 'secrets.key');
    const keys = Array.from({ length: 5 }, () => fileKeyProvider(path).key());
    for (const key of keys) expect(key).toEqual(keys[0]);
  });

  it('a damaged key file is refused with what to do, not used', () => {
    const path = join(folder(), 'secrets.key');
    writeFileSync(path, 'short');
    expect(() => fileKeyProvider(path).key()).toThrow(/damaged.*Delete it/);
  });

  it('an existing key file readable by others is tightened to 0600', () => {
    if (process.platform === 'win32') return;
    const path = join(folder(), 'secrets.key');
    writeFileSync(path, randomBytes(32), { mode: 0o644 });
    fileKeyProvider(path).key();
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });
});
