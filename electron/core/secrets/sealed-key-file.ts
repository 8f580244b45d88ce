import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { restrictToOwner } from '../data-dir';
import { SEALED_SECRET_KEY_FILE, SECRET_KEY_FILE } from './key-file';

/**
 * What the OS keystore offers: Electron's safeStorage (DPAPI, Keychain, libsecret) in the desktop
 * app. Kept to two functions over bytes so the provider below runs, and is tested, under plain Node.
 */
export interface KeyWrapper {
  seal(plain: Buffer): Buffer;
  open(sealed: Buffer): Buffer;
}

/**
 * The 32-byte key, kept only as the keystore sealed it: a copy of the data folder (a backup of the
 * whole profile, a stolen disk) holds nothing that opens the TOTP secrets without this OS account.
 * On first use a plain key file left by browser mode or the command line is adopted (sealed, then
 * deleted) so the secrets sealed under it stay readable.
 */
export function sealedKeyFromDataDir(dataDir: string, wrapper: KeyWrapper): Buffer {
  const sealedPath = join(dataDir, SEALED_SECRET_KEY_FILE);
  const plainPath = join(dataDir, SECRET_KEY_FILE);
  if (existsSync(sealedPath)) {
    let key: Buffer;
    try {
      key = wrapper.open(readFileSync(sealedPath));
    } catch (err) {
      throw new Error(
        `The OS keystore could not open ${sealedPath} (${(err as Error).message}). It is tied to the OS account that made it: ` +
          'sign in to that account, or delete the file to start a new key (two-factor must then be set up again).',
      );
    }
    if (key.length !== 32) throw new Error(`The sealed key file ${sealedPath} is damaged (${key.length} bytes instead of 32). Delete it to start a new key.`);
    // A plain copy must not outlive the sealed one (a crash between the two steps below leaves both).
    rmSync(plainPath, { force: true });
    return key;
  }
  const key = existsSync(plainPath) ? readFileSync(plainPath) : randomBytes(32);
  if (key.length !== 32) throw new Error(`The key file ${plainPath} is damaged (${key.length} bytes instead of 32). Delete it to start a new key.`);
  const temp = `${sealedPath}.${process.pid}.new`;
  writeFileSync(temp, wrapper.seal(key), { mode: 0o600 });
  restrictToOwner(temp);
  renameSync(temp, sealedPath);
  rmSync(plainPath, { force: true });
  return key;
}
