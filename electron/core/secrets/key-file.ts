import { existsSync, linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { dirname, join } from 'node:path';
import { restrictToOwner } from '../data-dir';
import type { SecretKeyProvider } from './secret-box';

/** The key file's name in the data folder (plain Node: browser mode, the command line). */
export const SECRET_KEY_FILE = 'secrets.key';
/** The same key sealed by the OS keystore (the desktop app: sealed-key-file.ts). */
export const SEALED_SECRET_KEY_FILE = 'secrets.key.sealed';

/**
 * A key kept in a file that only this OS user can read (0600, in the 0700 data folder). Made on
 * first use: written under a temporary name, then linked into place, which fails if another process
 * (the command line beside the app, say) got there first; then both read the one that won.
 */
export function fileKeyProvider(path: string): SecretKeyProvider {
  return {
    key() {
      // Minting a second key here would leave the secrets sealed under the first unreadable.
      if (existsSync(join(dirname(path), SEALED_SECRET_KEY_FILE))) {
        throw new Error(
          "This data folder's key is kept by the OS keystore of the OpsFlow desktop app: two-factor secrets can be read only there, " +
            'not in browser mode or the command line.',
        );
      }
      const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.new`;
      writeFileSync(temp, randomBytes(32), { flag: 'wx', mode: 0o600 });
      try {
        linkSync(temp, path);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      } finally {
        rmSync(temp, { force: true });
      }
      restrictToOwner(path);
      const key = readFileSync(path);
      if (key.length !== 32) {
        throw new Error(
          `The key file ${path} is damaged (${key.length} bytes instead of 32). Delete it to start a new key; two-factor set up before ` +
            'then must be set up again (sign in with a backup code, or ask an administrator to reset it).',
        );
      }
      return key;
    },
  };
}
