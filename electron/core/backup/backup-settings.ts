import { join } from 'node:path';
import type { EngineContext } from '../context';

export function backupSettings(ctx: EngineContext) {
  return {
    backupFolder: ctx.deviceSettings.get('backupFolder', join(ctx.dataDir, 'backups')),
    backupKeep: ctx.deviceSettings.get('backupKeep', 14),
    backupDaily: ctx.deviceSettings.get('backupDaily', true),
  };
}

export interface LastBackup {
  successAtMs: number | null;
  error: string | null;
}

export function lastBackup(ctx: EngineContext): LastBackup {
  return ctx.deviceSettings.get<LastBackup>('lastBackup', { successAtMs: null, error: null });
}
