import { mkdir, rm, stat, writeFile } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { isAbsolute, join, resolve } from 'node:path';
import { OpsFlowError } from '../../../domain/errors';

/**
 * Everything here touches the backup folder through node:fs/promises, which runs on libuv's thread
 * pool, never on the engine's thread: a network share that hangs holds a pool thread, not the app.
 * Each step is also given a time limit, so the person gets a sentence instead of a spinner.
 */
export const FOLDER_TIMEOUT_MS = 2 * 60_000;

/** Kernel views, not disks: /proc once took the engine to 100% CPU; nothing there can hold a backup. */
const SYSTEM_FOLDERS = ['/proc', '/sys', '/dev'];

function refuse(message: string): never {
  throw new OpsFlowError('BACKUP_INVALID', message);
}

/** What the system's error code means for a person choosing where backups go. */
function reasonOf(err: unknown): string {
  switch ((err as NodeJS.ErrnoException).code) {
    case 'EACCES':
    case 'EPERM':
      return 'this user is not allowed to write there';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'the disk is full';
    case 'EROFS':
      return 'the disk is read-only';
    case 'EEXIST':
    case 'ENOTDIR':
      return 'part of that path is a file, not a folder';
    case 'ENOENT':
      return 'part of that path does not exist';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return `the system answered ${(err as NodeJS.ErrnoException).code ?? 'with an error'}`;
  }
}

/** A sentence for a failure writing in `folder`; OpsFlow's own errors already are one. */
export function folderErrorSentence(err: unknown, folder: string): string {
  if (err instanceof OpsFlowError) return err.message;
  return `OpsFlow cannot write to the backup folder ${folder}: ${reasonOf(err)}. Choose another folder in Settings, or fix this one.`;
}

/** `work`, or a sentence if the folder has not answered within `ms` (the work itself may go on in the pool). */
export function withinFolderTimeout<T>(work: Promise<T>, folder: string, ms: number): Promise<T> {
  return withinTimeout(
    work,
    ms,
    `The backup folder ${folder} did not answer within ${Math.round(ms / 1000)} seconds (a network share may be unreachable). Check it, or choose another folder in Settings.`,
  );
}

/** `work`, or BACKUP_INVALID with `sentence` once `ms` have passed. */
export async function withinTimeout<T>(work: Promise<T>, ms: number, sentence: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new OpsFlowError('BACKUP_INVALID', sentence)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** Refused by how it is written: a relative path would depend on where OpsFlow was started. */
function refuseBadPath(folder: string): void {
  if (!isAbsolute(folder)) refuse(`Give the backup folder as a full path (such as ${join('/home', 'you', 'OpsFlow backups')}), not ${folder}.`);
  const full = resolve(folder);
  const system = SYSTEM_FOLDERS.find((s) => full === s || full.startsWith(`${s}/`));
  if (system) refuse(`${system} is a view of the running system, not a disk: backups cannot be kept there. Choose a folder on a disk or a network share.`);
}

/** Makes the folder if it is missing (private, 0700) and says so if it is not a folder. */
async function makeFolder(folder: string): Promise<string | undefined> {
  let made: string | undefined;
  try {
    made = await mkdir(folder, { recursive: true, mode: 0o700 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST' && !(await stat(folder)).isDirectory()) {
      refuse(`${folder} is a file, not a folder. Choose a folder for the backups.`);
    }
    refuse(`OpsFlow cannot make the backup folder ${folder}: ${reasonOf(err)}. Choose another folder.`);
  }
  return made;
}

/** Before a backup: the folder is a place for files and exists. */
export async function prepareBackupFolder(folder: string, timeoutMs = FOLDER_TIMEOUT_MS): Promise<void> {
  refuseBadPath(folder);
  await withinFolderTimeout(makeFolder(folder), folder, timeoutMs);
}

/**
 * When a folder is chosen: it exists or can be made, is a folder, and takes a file (a small probe
 * written and removed). If the probe fails, a folder made for it is removed again: a refused choice
 * changes nothing.
 */
export async function checkBackupFolder(folder: string, timeoutMs = FOLDER_TIMEOUT_MS): Promise<void> {
  refuseBadPath(folder);
  await withinFolderTimeout(
    (async () => {
      const made = await makeFolder(folder);
      const probe = join(folder, `.opsflow-probe-${randomBytes(4).toString('hex')}`);
      try {
        await writeFile(probe, 'OpsFlow checks that it can write here; this file is removed at once.', { flag: 'wx', mode: 0o600 });
        await rm(probe, { force: true });
      } catch (err) {
        await rm(probe, { force: true }).catch(() => undefined);
        if (made) await rm(made, { recursive: true, force: true }).catch(() => undefined);
        refuse(`OpsFlow cannot write to the folder ${folder}: ${reasonOf(err)}. Choose another folder.`);
      }
    })(),
    folder,
    timeoutMs,
  );
}
