import { copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { v7 as uuidv7 } from 'uuid';
import { backupIsStale } from '../../../domain/backup/backup-due';
import type { BackupStatus } from '../../../domain/contract/backup';
import { OpsFlowError } from '../../../domain/errors';
import type { EngineContext } from '../context';
import { backupSettings, lastBackup } from './backup-settings';
import { inspectBackup, type InspectedBackup } from './inspect-backup';

const STALE_AFTER_MS = 2 * 24 * 3600_000;
const BACKUP_FILE = /^opsflow-(\d{8}-\d{6})(?:-(\d+))?\.db$/;

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
}

/**
 * Newest first, by the time stamp in the name and then the same-second counter (`-2`, `-3`…). Not
 * by the name as text: `…-090000.db` would sort after `…-090000-2.db` and the newer one be pruned.
 */
function listBackupFiles(folder: string) {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .flatMap((name) => {
      const m = BACKUP_FILE.exec(name);
      return m ? [{ name, stamp: m[1]!, counter: Number(m[2] ?? 1) }] : [];
    })
    .sort((a, b) => (a.stamp === b.stamp ? b.counter - a.counter : a.stamp < b.stamp ? 1 : -1))
    .map(({ name }) => {
      const path = join(folder, name);
      const stat = statSync(path);
      return { path, createdAtMs: stat.mtimeMs, sizeBytes: stat.size };
    });
}

export function backupStatus(ctx: EngineContext): BackupStatus {
  const { backupFolder } = backupSettings(ctx);
  const last = lastBackup(ctx);
  return {
    folder: backupFolder,
    lastSuccessAtMs: last.successAtMs,
    lastError: last.error,
    stale: backupIsStale({
      lastSuccessAtMs: last.successAtMs,
      setUpAtMs: ctx.directory.location(ctx.identity()?.homeLocationId ?? '')?.created_at_ms ?? null,
      nowMs: ctx.now(),
      staleAfterMs: STALE_AFTER_MS,
    }),
    backups: listBackupFiles(backupFolder),
  };
}

/**
 * Copies the live database with SQLite's online backup API (the app keeps working meanwhile), then
 * opens the copy and checks it — integrity, audit chain — before calling it a backup. Older backups
 * past the number to keep are removed only after the new one is verified.
 */
export async function runBackup(ctx: EngineContext): Promise<InspectedBackup> {
  const { backupFolder, backupKeep } = backupSettings(ctx);
  try {
    mkdirSync(backupFolder, { recursive: true });
    let target = join(backupFolder, `opsflow-${stamp(ctx.now())}.db`);
    for (let n = 2; existsSync(target); n++) target = join(backupFolder, `opsflow-${stamp(ctx.now())}-${n}.db`);
    const partial = `${target}.partial`;
    await ctx.sqlite.backup(partial);
    const copy = new BetterSqlite3(partial);
    try {
      copy.pragma('journal_mode = DELETE'); // a self-contained file, no -wal beside it
      copy.prepare("INSERT OR REPLACE INTO meta (key, value) VALUES ('backup_created_at_ms', ?)").run(String(ctx.now()));
    } finally {
      copy.close();
    }
    renameSync(partial, target);
    const info = inspectBackup(target, ctx.knownMigrations);
    ctx.stationSettings.set('lastBackup', { successAtMs: ctx.now(), error: null });
    for (const old of listBackupFiles(backupFolder).slice(backupKeep)) rmSync(old.path, { force: true });
    ctx.events.emit('backup.finished', { ok: true, message: `Backed up to ${target}` });
    return info;
  } catch (err) {
    const message = err instanceof OpsFlowError ? err.message : `The backup could not be written to ${backupFolder}: ${(err as Error).message}`;
    ctx.stationSettings.set('lastBackup', { successAtMs: lastBackup(ctx).successAtMs, error: message });
    ctx.events.emit('backup.finished', { ok: false, message });
    ctx.log.error({ err }, 'backup failed');
    throw new OpsFlowError('BACKUP_INVALID', `${message} Check that the backup folder exists and has free space.`);
  }
}

/** Swaps the live database for a verified backup; the current one is kept beside it first. */
export async function restoreBackup(ctx: EngineContext, path: string): Promise<{ restored: InspectedBackup; previousKeptAt: string }> {
  const info = inspectBackup(path, ctx.knownMigrations);
  const identity = ctx.identity();
  if (identity && identity.tenantId !== info.tenantId) {
    throw new OpsFlowError('BACKUP_INVALID', `That backup belongs to another organization ("${info.organizationName}"). Nothing was changed.`);
  }
  const keptAt = `${ctx.dbFile}.before-restore-${stamp(ctx.now())}`;
  // Settings of this PC (backup folder, last backup) describe the PC, not the data: they stay.
  const pcSettings = ctx.q.all(ctx.db.selectFrom('device_settings').selectAll());
  await ctx.replaceDatabase(
    () => {
      renameSync(ctx.dbFile, keptAt);
      for (const suffix of ['-wal', '-shm']) rmSync(ctx.dbFile + suffix, { force: true });
      copyFileSync(path, ctx.dbFile);
    },
    // Before anything else runs on the restored data (the devices start again right after).
    (restored) =>
      restored.docs.transaction(() => {
        for (const row of pcSettings) restored.stationSettings.set(row.key, JSON.parse(row.value));
        // The restored chain ends where the backup was taken, but this PC may have written (and synced)
        // entries after that point. Going on from the backup's last entry would fork the chain, so this
        // PC starts a new chain under a new device id; the old one stays intact and verifiable.
        const identity = restored.identity();
        if (identity) restored.setIdentity({ ...identity, stationId: uuidv7() });
      }),
  );
  return { restored: info, previousKeptAt: keptAt };
}
