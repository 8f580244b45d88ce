import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';

/** Same folder Electron's app.getPath('userData') gives for the product name "OpsFlow". */
export function defaultDataDir(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'OpsFlow');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'OpsFlow');
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), 'OpsFlow');
}

/** `--data-dir` wins, then OPSFLOW_DATA_DIR, then the OS user data folder. */
export function resolveDataDir(flag: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  return resolve(flag ?? env.OPSFLOW_DATA_DIR ?? defaultDataDir(process.platform, env));
}

// The data folder holds the database, its WAL, the backups and the key that seals secrets: nothing
// another local user should read. On Windows the user's profile folder's ACL already does this.
const POSIX = process.platform !== 'win32';

/** Creates the folder (and missing parents) readable by this OS user only, and tightens it if it exists: 0700. */
export function makePrivateFolder(path: string): void {
  mkdirSync(path, { recursive: true, mode: 0o700 });
  if (POSIX) chmodSync(path, 0o700);
}

/** Makes an existing file readable and writable by this OS user only (0600); a missing one is left missing. */
export function restrictToOwner(path: string): void {
  if (!POSIX) return;
  try {
    chmodSync(path, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}

/** Creates an empty file that only this OS user can read (0600), or tightens the one already there. */
export function createPrivateFile(path: string): void {
  try {
    writeFileSync(path, '', { flag: 'wx', mode: 0o600 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  restrictToOwner(path);
}
