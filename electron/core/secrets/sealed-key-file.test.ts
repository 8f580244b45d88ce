import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDataDir } from '../testing/test-engine';
import { fileKeyProvider, SEALED_SECRET_KEY_FILE, SECRET_KEY_FILE } from './key-file';
import { sealedKeyFromDataDir, type KeyWrapper } from './sealed-key-file';

/** Stands in for safeStorage: a real cipher under a key only this "OS account" holds. */
function fakeKeystore(accountKey = randomBytes(32)): KeyWrapper {
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', accountKey, iv);
      const body = Buffer.concat([cipher.update(plain), cipher.final()]);
      return Buffer.concat([iv, cipher.getAuthTag(), body]);
    },
    open(sealed) {
      const decipher = createDecipheriv('aes-256-gcm', accountKey, sealed.subarray(0, 12));
      decipher.setAuthTag(sealed.subarray(12, 28));
      return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
    },
  };
}

describe('the key sealed by the OS keystore', () => {
  const temps: { cleanup: () => void }[] = [];
  afterEach(() => temps.splice(0).forEach((t) => t.cleanup()));
  const folder = () => {
    const t = tempDataDir();
    temps.push(t);
    return t.dir;
  };

  it('is made on first use and stored only sealed: the file does not contain the key, and only this user can read it', () => {
    const dir = folder();
    const keystore = fakeKeystore();
    const key = sealedKeyFromDataDir(dir, keystore);
    expect(key.length).toBe(32);
    const stored = readFileSync(join(dir, SEALED_SECRET_KEY_FILE));
    expect(stored.includes(key)).toBe(false);
    expect(existsSync(join(dir, SECRET_KEY_FILE))).toBe(false);
    if (process.platform !== 'win32') expect(statSync(join(dir, SEALED_SECRET_KEY_FILE)).mode & 0o777).toBe(0o600);
    expect(sealedKeyFromDataDir(dir, keystore)).toEqual(key);
  });

  it('adopts the plain key file browser mode left, so secrets sealed before stay readable, and deletes the plain copy', () => {
    const dir = folder();
    const before = fileKeyProvider(join(dir, SECRET_KEY_FILE)).key();
    const keystore = fakeKeystore();
    expect(sealedKeyFromDataDir(dir, keystore)).toEqual(before);
    expect(existsSync(join(dir, SECRET_KEY_FILE))).toBe(false);
    expect(sealedKeyFromDataDir(dir, keystore)).toEqual(before);
  });

  it('a copy of the folder opened under another OS account does not give the key, and says why', () => {
    const dir = folder();
    sealedKeyFromDataDir(dir, fakeKeystore());
    expect(() => sealedKeyFromDataDir(dir, fakeKeystore())).toThrow(/OS keystore could not open .*tied to the OS account/);
  });

  it('a sealed key of the wrong length is refused, not used', () => {
    const dir = folder();
    const keystore = fakeKeystore();
    writeFileSync(join(dir, SEALED_SECRET_KEY_FILE), keystore.seal(randomBytes(16)));
    expect(() => sealedKeyFromDataDir(dir, keystore)).toThrow(/damaged \(16 bytes instead of 32\)/);
  });

  it('browser mode and the command line refuse to mint a second key beside a sealed one', () => {
    const dir = folder();
    sealedKeyFromDataDir(dir, fakeKeystore());
    expect(() => fileKeyProvider(join(dir, SECRET_KEY_FILE)).key()).toThrow(/kept by the OS keystore of the OpsFlow desktop app/);
    expect(existsSync(join(dir, SECRET_KEY_FILE))).toBe(false);
  });
});
