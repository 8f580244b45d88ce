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
