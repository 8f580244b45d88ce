import { closeSync, openSync, readSync, statSync } from 'node:fs';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { BackupInfo } from '../../../domain/contract/backup';
import { OpsFlowError } from '../../../domain/errors';
import { directoryDocName } from '../../../domain/sync/doc-names';
import type { Database } from '../db/schema';
import { SyncQuery } from '../db/sync-query';
import { verifyAuditChains } from '../audit/audit-queries';
import { describeDamage, findDamagedDocument, rebuildStoredDocument } from '../verify/stored-documents';
import { checkRights } from '../verify/rights-check';

const SQLITE_MAGIC = 'SQLite format 3\u0000';

function refuse(message: string): never {
  throw new OpsFlowError('BACKUP_INVALID', message);
}

/** What the file says of itself; the caller adds its hash and whether OpsFlow recorded writing it. */
export interface InspectedBackup extends Omit<BackupInfo, 'sha256' | 'recorded'> {
  tenantId: string;
}

/** The refusal of a backup whose rights rows differ from its own documents: `details.differences` lists them. */
export const RIGHTS_CHANGED_OUTSIDE = 'rightsChangedOutsideOpsFlow';

/** Refuses what is not a file, or not an SQLite database at all, before anything opens it. */
export function isSqliteHeader(header: Buffer): boolean {
  return header.toString('latin1') === SQLITE_MAGIC;
}

export function checkBackupFile(path: string): number {
  let size: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) refuse('That path is a folder, not a backup file.');
    size = stat.size;
  } catch (err) {
    if (err instanceof OpsFlowError) throw err;
    refuse('There is no backup file at that path.');
  }
  const header = Buffer.alloc(16);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, header, 0, 16, 0);
  } finally {
    closeSync(fd);
  }
  if (!isSqliteHeader(header)) refuse('That file is not an OpsFlow backup (it is not a database file).');
  return size;
}

/**
 * Reads a backup file without touching the current data and says what it holds. Anything that is
 * not a complete, intact OpsFlow database of a schema this version understands is refused, and so
 * is one that would not work once restored: every stored document must rebuild from its updates,
 * and the users, grants and settings must be what its directory document says (a file edited to
 * make someone an administrator is refused, whoever made it).
 */
export function inspectBackup(path: string, knownMigrations: ReadonlySet<string>): InspectedBackup {
  const size = checkBackupFile(path);
  let sqlite: BetterSqlite3.Database | null = null;
  try {
    sqlite = new BetterSqlite3(path, { readonly: true, fileMustExist: true });
    const integrity = sqlite.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') refuse('That backup file is damaged (the database integrity check failed). Choose another backup.');
    const tables = new Set((sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all() as string[]));
    if (!tables.has('meta') || !tables.has('kysely_migration') || !tables.has('audit_entries')) refuse('That database is not an OpsFlow backup.');
    const applied = sqlite.prepare('SELECT name FROM kysely_migration').pluck().all() as string[];
    if (applied.some((name) => !knownMigrations.has(name))) {
      throw new OpsFlowError('SCHEMA_TOO_NEW', 'That backup was made by a newer version of OpsFlow. Install the newer version to restore it.');
    }
    const meta = Object.fromEntries((sqlite.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[]).map((r) => [r.key, r.value]));
    if (!meta.tenant_id) refuse('That backup holds no organization: it was made before OpsFlow was set up.');
    const count = (table: string) => Number(sqlite!.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get());
    const q = new SyncQuery(sqlite);
    const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
    // Damaged stored changes first: the audit check reads the log documents' stored changes too.
    const damaged = findDamagedDocument(q, db);
    if (damaged) refuse(`That backup file is damaged (${describeDamage(damaged)}). Choose another backup.`);
    const verdict = verifyAuditChains(q);
    if (!verdict.ok) refuse(`That backup's audit log has been tampered with (entry ${verdict.brokenAt.seq} ${verdict.brokenAt.reason}). It was not restored.`);
    const docName = directoryDocName(meta.tenant_id);
    const directory = rebuildStoredDocument(q, db, docName);
    if (!directory.ok) refuse(`That backup file is damaged (${describeDamage(directory)}). Choose another backup.`);
    const rights = checkRights({ sqlite, q, db }, docName, directory.doc);
    directory.doc.destroy();
    if (rights.differences.length > 0) {
      throw new OpsFlowError(
        'BACKUP_INVALID',
        `That backup was changed outside OpsFlow: its users, grants or organization settings do not match its own directory document (${rights.lines.join('; ')}). It was not restored.`,
        { reason: RIGHTS_CHANGED_OUTSIDE, differences: rights.lines },
      );
    }
    return {
      path,
      createdAtMs: Number(meta.backup_created_at_ms ?? statSync(path).mtimeMs),
      sizeBytes: size,
      organizationName: meta['organization.name'] ?? '(unnamed)',
      schemaVersion: applied.length,
      counts: { users: count('users'), locations: count('locations'), auditEntries: count('audit_entries') },
      tenantId: meta.tenant_id,
    };
  } catch (err) {
    if (err instanceof OpsFlowError) throw err;
    return refuse('That file could not be read as an OpsFlow backup; it may be damaged.');
  } finally {
    sqlite?.close();
  }
}
