import { constants as fsConstants, copyFileSync, existsSync, linkSync, realpathSync, renameSync, rmSync, statSync } from 'node:fs';
import { copyFile, open, readdir, realpath, rename, rm, stat, stat as statAsync } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { backupIsStale } from '../../../domain/backup/backup-due';
import type { BackupRecord } from '../../../domain/backup/backup-record';
import type { BackupInfo, BackupStatus } from '../../../domain/contract/backup';
import { OpsFlowError } from '../../../domain/errors';
import type { AuditActor } from '../audit/audit-writer';
import type { EngineContext } from '../context';
import { createPrivateFile } from '../data-dir';
import { folderErrorSentence, prepareBackupFolder, withinFolderTimeout, withinTimeout } from './backup-folder';
import { backupFolderTimeoutMs, backupSettings, lastBackup } from './backup-settings';
import { allBackupRecords, findBackupRecord, sha256File, writeBackupRecords } from './backup-records';
import { RIGHTS_CHANGED_OUTSIDE, inspectBackup, isSqliteHeader, type InspectedBackup } from './inspect-backup';

const STALE_AFTER_MS = 2 * 24 * 3600_000;
const BACKUP_FILE = /^opsflow-(\d{8}-\d{6})(?:-(\d+))?\.db$/;

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

function refuse(message: string): never {
  throw new OpsFlowError('BACKUP_INVALID', message);
}

/**
 * Newest first, by the time stamp in the name and then the same-second counter (`-2`, `-3`…). Not
 * by the name as text: `…-090000.db` would sort after `…-090000-2.db` and the newer one be pruned.
 * Read through fs/promises within the folder's time limit: a share that hangs must not hold the engine.
 */
async function listBackupFiles(folder: string, timeoutMs: number) {
  return withinFolderTimeout(
    (async () => {
      const names = await readdir(folder).catch((err: NodeJS.ErrnoException) => {
        if (err.code === 'ENOENT') return [];
        throw err;
      });
      const sorted = names
        .flatMap((name) => {
          const m = BACKUP_FILE.exec(name);
          return m ? [{ name, stamp: m[1]!, counter: Number(m[2] ?? 1) }] : [];
        })
        .sort((a, b) => (a.stamp === b.stamp ? b.counter - a.counter : a.stamp < b.stamp ? 1 : -1));
      return Promise.all(
        sorted.map(async ({ name }) => {
          const path = join(folder, name);
          const info = await stat(path);
          return { path, createdAtMs: info.mtimeMs, sizeBytes: info.size };
        }),
      );
    })(),
    folder,
    timeoutMs,
  );
}

export async function backupStatus(ctx: EngineContext): Promise<BackupStatus> {
  const { backupFolder } = backupSettings(ctx);
  const last = lastBackup(ctx);
  // A folder that cannot be listed is not a reason to fail the status: the list is empty and says why.
  let backups: BackupStatus['backups'] = [];
  let listError: string | null = null;
  try {
    backups = await listBackupFiles(backupFolder, backupFolderTimeoutMs(ctx));
  } catch (err) {
    listError = folderErrorSentence(err, backupFolder);
  }
  return {
    folder: backupFolder,
    lastSuccessAtMs: last.successAtMs,
    lastError: last.error ?? listError,
    stale: backupIsStale({
      lastSuccessAtMs: last.successAtMs,
      setUpAtMs: ctx.directory.location(ctx.identity()?.homeLocationId ?? '')?.created_at_ms ?? null,
      nowMs: ctx.now(),
      staleAfterMs: STALE_AFTER_MS,
    }),
    backups,
  };
}

function publicInfo(info: InspectedBackup, sha256: string, record: BackupRecord | null): BackupInfo {
  const { tenantId: _tenantId, ...rest } = info;
  return { ...rest, sha256, recorded: record && { atMs: record.atMs, actorName: record.actorName } };
}

/**
 * The live database is not a backup: "restoring" it onto itself would move it away and leave this
 * PC at first-run setup. Refused by what the path is (symbolic links followed, hard links by inode),
 * not by how it is spelled; its -wal and -shm beside it likewise.
 */
async function refuseLiveDatabase(ctx: EngineContext, path: string): Promise<void> {
  let real: string;
  let stat: Awaited<ReturnType<typeof statAsync>>;
  try {
    real = await realpath(path);
    stat = await statAsync(real);
  } catch {
    return; // nothing there: the backup checks say so in their own words
  }
  const live = realpathSync(ctx.dbFile);
  const liveStat = statSync(live);
  const sameFile = stat.ino === liveStat.ino && stat.dev === liveStat.dev;
  if (sameFile || [live, `${live}-wal`, `${live}-shm`].includes(real)) {
    refuse('That is the database OpsFlow is using right now, not a backup. Choose a backup file.');
  }
}

/**
 * A backup whose users, grants or settings were edited outside OpsFlow is evidence of an attempt
 * to take rights: the refusal goes on the record, as CRITICAL, before it is reported.
 */
function inspectRecordingTamper(ctx: EngineContext, path: string, shownPath: string, actor: AuditActor): InspectedBackup {
  try {
    return inspectBackup(path, ctx.knownMigrations);
  } catch (err) {
    if (err instanceof OpsFlowError && err.details?.reason === RIGHTS_CHANGED_OUTSIDE) {
      const differences = (err.details.differences as string[]).join('; ');
      ctx.audit.append(
        { action: 'backup.tamperedRefused', summary: `Refused the backup ${shownPath}: its users, grants or organization settings were changed outside OpsFlow (${differences})`, risk: 'CRITICAL', entityType: 'backup' },
        actor,
      );
    }
    throw err;
  }
}

/**
 * What a backup file holds, its hash, and whether OpsFlow recorded writing it (backup.inspect).
 * Read from a copy in the data folder, as a restore would: the same hash, and a file on a stick or
 * a share is read once, off the engine's thread.
 */
export async function describeBackup(ctx: EngineContext, path: string, actor: AuditActor): Promise<BackupInfo> {
  const staged = await stageCopy(ctx, path);
  try {
    const info = { ...inspectRecordingTamper(ctx, staged, path, actor), path };
    const sha256 = sha256File(staged);
    return publicInfo(info, sha256, findBackupRecord(ctx, sha256));
  } finally {
    rmSync(staged, { force: true });
  }
}

/**
 * Copies the live database with SQLite's online backup API (the app keeps working meanwhile) into
 * the data folder, then opens the copy and checks it — integrity, audit chain, documents, rights —
 * before calling it a backup. Only then is it copied into the backup folder, through fs/promises
 * (the thread pool, not the engine's thread) and within a time limit, so a folder that hangs or
 * refuses gives a sentence and the app keeps answering. The file's SHA-256 goes on the record (a
 * backup record fact and the audit entry), so a restore can tell it from a file OpsFlow did not
 * write. Older backups past the number to keep are removed only after the new one is in place.
 */
export async function runBackup(ctx: EngineContext, actor: AuditActor, summary: (info: BackupInfo) => string): Promise<BackupInfo> {
  const { backupFolder, backupKeep } = backupSettings(ctx);
  const timeoutMs = backupFolderTimeoutMs(ctx);
  const staged = freeName(`${ctx.dbFile}.backup-${stamp(ctx.now())}-${randomBytes(4).toString('hex')}`);
  try {
    await prepareBackupFolder(backupFolder, timeoutMs);
    // Made 0600 before SQLite writes into it, so the copy is never readable by others, not even briefly;
    // copyFile keeps that mode in the backup folder.
    createPrivateFile(staged);
    await ctx.sqlite.backup(staged);
    const copy = new BetterSqlite3(staged);
    try {
      copy.pragma('journal_mode = DELETE'); // a self-contained file, no -wal beside it
      copy.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('backup_created_at_ms', ?)").run(String(ctx.now()));
    } finally {
      copy.close();
    }
    const inspected = inspectBackup(staged, ctx.knownMigrations);
    const sha256 = sha256File(staged);
    const target = await withinFolderTimeout(
      (async () => {
        const taken = new Set(await readdir(backupFolder));
        let name = `opsflow-${stamp(ctx.now())}.db`;
        for (let n = 2; taken.has(name); n++) name = `opsflow-${stamp(ctx.now())}-${n}.db`;
        const path = join(backupFolder, name);
        // Written under another name and renamed: the folder never shows a half-written backup.
        await copyFile(staged, `${path}.partial`, fsConstants.COPYFILE_EXCL);
        await rename(`${path}.partial`, path);
        return path;
      })(),
      backupFolder,
      timeoutMs,
    );
    const record: BackupRecord = {
      sha256,
      atMs: ctx.now(),
      actorId: actor.id,
      actorName: actor.name,
      stationId: ctx.identity()?.stationId ?? '',
      fileName: basename(target),
      sizeBytes: inspected.sizeBytes,
    };
    const info = publicInfo({ ...inspected, path: target }, record.sha256, record);
    ctx.docs.transaction(() => {
      writeBackupRecords(ctx, [record]);
      ctx.audit.append({ action: 'backup.create', summary: `${summary(info)}; SHA-256 ${record.sha256}`, risk: 'LOW', entityType: 'backup', entityId: record.sha256 }, actor);
    });
    ctx.stationSettings.set('lastBackup', { successAtMs: ctx.now(), error: null });
    try {
      const old = (await listBackupFiles(backupFolder, timeoutMs)).slice(backupKeep);
      await withinFolderTimeout(Promise.all(old.map((o) => rm(o.path, { force: true }))), backupFolder, timeoutMs);
    } catch (err) {
      // The backup is written; older ones are removed next time.
      ctx.log.warn({ err }, 'older backups could not be removed');
    }
    ctx.events.emit('backup.finished', { ok: true, message: `Backed up to ${target}` });
    ctx.events.emit('data.changed', { kinds: ['backups'] });
    return info;
  } catch (err) {
    const message = folderErrorSentence(err, backupFolder);
    ctx.stationSettings.set('lastBackup', { successAtMs: lastBackup(ctx).successAtMs, error: message });
    ctx.events.emit('backup.finished', { ok: false, message });
    ctx.events.emit('data.changed', { kinds: ['backups'] });
    ctx.log.error({ err }, 'backup failed');
    throw new OpsFlowError('BACKUP_INVALID', message);
  } finally {
    rmSync(staged, { force: true });
  }
}

/** A name beside `file` that nothing uses yet. */
function freeName(base: string): string {
  let name = base;
  for (let n = 2; existsSync(name); n++) name = `${base}-${n}`;
  return name;
}

/**
 * A copy the restore owns (no one can change it between the checks and the swap), as one
 * self-contained file. Everything that touches the chosen path runs in the I/O pool with a time
 * limit: a USB stick pulled or a network share that hangs gives a sentence, not a frozen engine.
 */
async function stageCopy(ctx: EngineContext, path: string): Promise<string> {
  const staged = freeName(`${ctx.dbFile}.restoring-${stamp(ctx.now())}-${randomBytes(4).toString('hex')}`);
  const timeoutMs = backupFolderTimeoutMs(ctx);
  try {
    await withinTimeout(
      (async () => {
        await refuseLiveDatabase(ctx, path);
        await checkSourceFile(path);
        await copyFile(path, staged);
      })(),
      timeoutMs,
      `The file ${path} did not answer within ${Math.round(timeoutMs / 1000)} seconds (a USB stick or network share may be unreachable). Nothing was changed.`,
    );
  } catch (err) {
    rmSync(staged, { force: true });
    if (err instanceof OpsFlowError) throw err;
    refuse(`That backup file could not be copied into the data folder (${(err as NodeJS.ErrnoException).code ?? 'error'}). Check the free space, then try again.`);
  }
  try {
    const copy = new BetterSqlite3(staged, { fileMustExist: true });
    try {
      copy.pragma('journal_mode = DELETE');
    } finally {
      copy.close();
    }
  } catch {
    rmSync(staged, { force: true });
    refuse('That file could not be read as an OpsFlow backup; it may be damaged.');
  }
  return staged;
}

/** A file, and a database file at that, before anything is copied (checkBackupFile, read asynchronously). */
async function checkSourceFile(path: string): Promise<void> {
  let info: Awaited<ReturnType<typeof statAsync>>;
  try {
    info = await statAsync(path);
  } catch {
    refuse('There is no backup file at that path.');
  }
  if (info.isDirectory()) refuse('That path is a folder, not a backup file.');
  // A pipe or a device would be read forever, or not at all.
  if (!info.isFile()) refuse('That path is not a file (a pipe or a device, say), so it cannot be a backup.');
  const file = await open(path, 'r');
  try {
    const header = Buffer.alloc(16);
    await file.read(header, 0, 16, 0);
    if (!isSqliteHeader(header)) refuse('That file is not an OpsFlow backup (it is not a database file).');
  } finally {
    await file.close();
  }
}

/**
 * Puts the staged copy in the live database's place: the current file is kept aside first (a hard
 * link, or a copy where links are not possible), then one rename swaps the new file in, so the data
 * folder holds the old database or the new one at every instant. Returns how to put the old one back.
 */
function swapIn(dbFile: string, staged: string, keptAt: string): () => void {
  // The database was closed cleanly, so these are normally gone; what is left belongs to the old file.
  const sidecars = ['-wal', '-shm'].filter((suffix) => existsSync(dbFile + suffix));
  try {
    linkSync(dbFile, keptAt);
  } catch {
    copyFileSync(dbFile, keptAt);
  }
  try {
    for (const suffix of sidecars) renameSync(dbFile + suffix, keptAt + suffix);
    renameSync(staged, dbFile);
  } catch (err) {
    // Not swapped: the old file never left its place; its sidecars go back beside it.
    for (const suffix of sidecars) if (existsSync(keptAt + suffix)) renameSync(keptAt + suffix, dbFile + suffix);
    rmSync(keptAt, { force: true });
    throw err;
  }
  return () => {
    for (const suffix of ['-wal', '-shm']) rmSync(dbFile + suffix, { force: true }); // the restored database's, now closed
    renameSync(keptAt, dbFile);
    for (const suffix of sidecars) renameSync(keptAt + suffix, dbFile + suffix);
  };
}

export interface RestoreOptions {
  /** An organization admin accepts a file OpsFlow has no record of writing (foreign). */
  acceptForeign: boolean;
  /** Who restores: named in the CRITICAL audit entry of the restored database. */
  actor: AuditActor;
}

/**
 * Swaps the live database for a backup, all or nothing. Refused before anything changes: the live
 * file itself, anything inspectBackup refuses (damaged, tampered, documents that do not rebuild,
 * rights rows that differ from the documents), another organization's backup, and a foreign file
 * unless accepted. The checks run on a private copy, which is what is swapped in; if reopening
 * fails, the previous database is put back and the app goes on (see Engine.replaceDatabase). The
 * restore is a CRITICAL entry of the restored database, naming the file's hash and whether OpsFlow
 * wrote it.
 */
export async function restoreBackup(ctx: EngineContext, path: string, { acceptForeign, actor }: RestoreOptions): Promise<{ restored: BackupInfo; previousKeptAt: string }> {
  const staged = await stageCopy(ctx, path);
  try {
    const inspected = { ...inspectRecordingTamper(ctx, staged, path, actor), path };
    const identity = ctx.identity();
    if (identity && identity.tenantId !== inspected.tenantId) {
      refuse(`That backup belongs to another organization ("${inspected.organizationName}"). Nothing was changed.`);
    }
    const sha256 = sha256File(staged);
    const record = findBackupRecord(ctx, sha256);
    if (!record && !acceptForeign) {
      throw new OpsFlowError(
        'BACKUP_FOREIGN',
        'OpsFlow has no record of writing that file: it is not one of this organization\'s backups, or it was changed since. Only an organization admin can restore it, by accepting it as a foreign file.',
      );
    }
    const restored = publicInfo(inspected, sha256, record);
    const keptAt = freeName(`${ctx.dbFile}.before-restore-${stamp(ctx.now())}`);
    // Settings of this PC (backup folder, last backup) describe the PC, not the data: they stay. So do
    // the records of the backups it wrote: a later backup stays restorable after an older one.
    const pcSettings = ctx.q.all(ctx.db.selectFrom('device_settings').selectAll());
    const records = allBackupRecords(ctx);
    const origin = record
      ? `written by OpsFlow on ${new Date(record.atMs).toISOString()} by ${record.actorName}`
      : `a file OpsFlow has no record of writing, accepted as foreign by ${actor.name}`;
    const replacing = ctx.replaceDatabase(
      () => swapIn(ctx.dbFile, staged, keptAt),
      // Before anything else runs on the restored data (the devices start again right after).
      (now) =>
        now.docs.transaction(() => {
          for (const row of pcSettings) now.stationSettings.set(row.key, JSON.parse(row.value));
          // The restored chain ends where the backup was taken, but this PC may have written (and synced)
          // entries after that point. Going on from the backup's last entry would fork the chain, so this
          // PC starts a new chain under a new station id; the old one stays intact and verifiable.
          const restoredIdentity = now.identity();
          if (restoredIdentity) now.setIdentity({ ...restoredIdentity, stationId: uuidv7() });
          const known = new Set(allBackupRecords(now).map((r) => r.sha256));
          writeBackupRecords(now, records.filter((r) => !known.has(r.sha256)));
          now.audit.append(
            {
              action: 'backup.restore',
              summary: `Restored the backup ${path} (SHA-256 ${sha256}, ${origin}); the previous data is kept at ${keptAt}`,
              risk: 'CRITICAL',
              entityType: 'backup',
              entityId: sha256,
            },
            actor,
          );
        }),
    );
    await replacing.catch((err: unknown) => {
      if (err instanceof OpsFlowError && err.details?.rollbackFailed) throw err;
      // The engine has put the previous database back (and logged why): say so, not "something went wrong".
      throw new OpsFlowError(
        'INTERNAL',
        'The restore could not be completed, so the data from before it was put back: nothing changed. Try again; if it keeps failing, choose another backup.',
        { cause: String(err) },
      );
    });
    return { restored, previousKeptAt: keptAt };
  } finally {
    rmSync(staged, { force: true });
  }
}
