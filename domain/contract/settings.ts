import { z } from 'zod';
import type { Role } from '../auth/roles';
import { method } from './define';
import { wholeNumber } from './limits';
import { retentionMonths } from '../report/retention';

export interface Settings {
  /** Organization-wide (synced). */
  idleLockMinutes: number;
  requireTotpForAdmins: boolean;
  /** Months before HACCP and audit records are archived; archived records are kept, never deleted. */
  retentionMonths: number;
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

/** How long a signed-in PC may sit untouched before it locks itself. */
export const idleLockMinutes = wholeNumber(1, 240, 'The idle lock is 1 to 240 minutes.');
/** How many backups this PC keeps before deleting the oldest. */
export const backupKeep = wholeNumber(1, 365, 'The number of backups to keep is 1 to 365.');

/** The settings that hold for every location of the organization (the rest are this PC's). */
export const ORGANIZATION_SETTINGS = ['idleLockMinutes', 'requireTotpForAdmins', 'retentionMonths'] as const satisfies readonly (keyof Settings)[];

/**
 * The organization's sign-in rules bind every location, so only an organization administrator
 * changes them; `settings.manage` lets a location manager change this PC's own settings too.
 */
export function mayChangeOrganizationSettings(role: Role): boolean {
  return role === 'TENANT_ADMIN' || role === 'SUPER_ADMIN';
}

export const settingsMethods = {
  'settings.get': method<Settings>()({ input: z.strictObject({}), access: 'settings.view', mutation: false }),
  'settings.update': method<Settings>()({
    input: z.strictObject({
      idleLockMinutes: idleLockMinutes.optional(),
      requireTotpForAdmins: z.boolean().optional(),
      retentionMonths: retentionMonths.optional(),
      backupFolder: z.string().trim().min(1).max(1024).optional(),
      backupKeep: backupKeep.optional(),
      backupDaily: z.boolean().optional(),
      demoMode: z.boolean().optional(),
      autoDownloadLoggers: z.boolean().optional(),
      restartLoggersAfterDownload: z.boolean().optional(),
    }),
    access: 'settings.manage',
    mutation: true,
  }),
};
