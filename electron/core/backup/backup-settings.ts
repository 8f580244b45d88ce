import { join } from 'node:path';
import type { EngineContext } from '../context';
import { FOLDER_TIMEOUT_MS } from './backup-folder';

export function backupSettings(ctx: EngineContext) {
  return {
    backupFolder: ctx.stationSettings.get('backupFolder', join(ctx.dataDir, 'backups')),
    backupKeep: ctx.stationSettings.get('backupKeep', 14),
    backupDaily: ctx.stationSettings.get('backupDaily', true),
  };
}

export interface LastBackup {
  successAtMs: number | null;
  error: string | null;
}

export function lastBackup(ctx: EngineContext): LastBackup {
  return ctx.stationSettings.get<LastBackup>('lastBackup', { successAtMs: null, error: null });
}

/** How long the backup folder may take to answer before the person is told (shortened by tests). */
export function backupFolderTimeoutMs(ctx: EngineContext): number {
  return ctx.stationSettings.get('backupFolderTimeoutMs', FOLDER_TIMEOUT_MS);
}
