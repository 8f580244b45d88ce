import { z } from 'zod';
import { method } from './define';

export interface BackupInfo {
  path: string;
  createdAtMs: number;
  sizeBytes: number;
  organizationName: string;
  schemaVersion: number;
  counts: { users: number; locations: number; auditEntries: number };
  /** SHA-256 of the file, hex: what the audit log records of every backup OpsFlow writes. */
  sha256: string;
  /**
   * When and by whom OpsFlow wrote this very file, from this organization's records; null for a
   * foreign file (edited, or not written by this organization's OpsFlow), which only an explicit
   * acceptForeign restores.
   */
  recorded: { atMs: number; actorName: string } | null;
}

export interface BackupStatus {
  folder: string;
  lastSuccessAtMs: number | null;
  lastError: string | null;
  /** The last good backup is older than two days, or there is none a day after setup (domain/backup/backup-due.ts). */
  stale: boolean;
  backups: { path: string; createdAtMs: number; sizeBytes: number }[];
}

const filePath = z.string().trim().min(1).max(4096);

export const backupMethods = {
  'backup.status': method<BackupStatus>()({ input: z.strictObject({}), access: 'backup.manage', mutation: false }),
  'backup.now': method<BackupInfo>()({ input: z.strictObject({}), access: 'backup.manage', mutation: true }),
  /** Reads a backup file without touching the current data: what it holds, or why it is refused. */
  'backup.inspect': method<BackupInfo>()({ input: z.strictObject({ path: filePath }), access: 'backup.manage', mutation: false }),
  /**
   * Replaces the current data with the backup, all or nothing; the current database is kept aside
   * first. Organization admins only. A foreign file (see BackupInfo.recorded) needs acceptForeign.
   */
  'backup.restore': method<{ restored: BackupInfo; previousKeptAt: string }>()({
    input: z.strictObject({ path: filePath, confirm: z.literal(true), acceptForeign: z.boolean().default(false) }),
    access: 'backup.restore',
    mutation: true,
  }),
};
