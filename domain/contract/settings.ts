import { z } from 'zod';
import { method } from './define';

export interface Settings {
  /** Organization-wide (synced). */
  idleLockMinutes: number;
  requireTotpForAdmins: boolean;
  /** This PC only. */
  backupFolder: string;
  backupKeep: number;
  backupDaily: boolean;
  demoMode: boolean;
  /** Download a logger as soon as it is plugged in. */
  autoDownloadLoggers: boolean;
  /** After a stored download, set the logger's clock and restart its log (this erases the logger). */
  restartLoggersAfterDownload: boolean;
}

export const settingsMethods = {
  'settings.get': method<Settings>()({ input: z.strictObject({}), access: 'settings.view', mutation: false }),
  'settings.update': method<Settings>()({
    input: z.strictObject({
      idleLockMinutes: z.number().int().min(1).max(240).optional(),
      requireTotpForAdmins: z.boolean().optional(),
      backupFolder: z.string().trim().min(1).max(1024).optional(),
      backupKeep: z.number().int().min(1).max(365).optional(),
      backupDaily: z.boolean().optional(),
      demoMode: z.boolean().optional(),
      autoDownloadLoggers: z.boolean().optional(),
      restartLoggersAfterDownload: z.boolean().optional(),
    }),
    access: 'settings.manage',
    mutation: true,
  }),
};
