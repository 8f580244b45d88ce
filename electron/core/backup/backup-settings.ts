import { join } from 'node:path';
import type { EngineContext } from '../context';

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
