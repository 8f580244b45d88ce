// The embedded database is one process's files: a second process opening them (a `tenant create`
// while the hub runs) would corrupt them. A lock file with the owner's pid keeps it to one; a lock
// left by a process that no longer runs (killed, crashed) is taken over.
import { openSync, readFileSync, rmSync, writeSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { HubError } from '../hub-error';

export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'hub.lock');
  for (;;) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => rmSync(path, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(path, 'utf8'));
    if (Number.isInteger(owner) && owner > 0 && isRunning(owner)) {
      throw new HubError(
        409,
        `Another hub process (pid ${owner}) is using the data folder ${dataDir}. Stop it first, or use its admin API for this.`,
      );
    }
    rmSync(path, { force: true });
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
