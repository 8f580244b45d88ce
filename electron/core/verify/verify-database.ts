import type { Kysely } from 'kysely';
import { directoryDocName } from '../../../domain/sync/doc-names';
import { verifyAuditChains } from '../audit/audit-queries';
import type { Sqlite } from '../db/open-database';
import type { Database } from '../db/schema';
import type { SyncQuery } from '../db/sync-query';
import { checkRights } from './rights-check';
import { describeDamage, findDamagedDocument, rebuildStoredDocument } from './stored-documents';

export type CheckName = 'integrity' | 'documents' | 'audit' | 'rights';

export interface VerifyProblem {
  check: CheckName;
  message: string;
}

export interface DatabaseVerdict {
  problems: VerifyProblem[];
  auditEntries: number;
  stations: number;
  /** The first broken audit entry, to put on the record as CRITICAL. */
  brokenChain: { deviceId: string; seq: number; id: string } | null;
}

/** How many integrity-check lines are worth printing: past that, the file is simply damaged. */
const MAX_INTEGRITY_LINES = 10;

/**
 * Every check of a database that needs no engine (`opsflow verify`): SQLite's integrity check; every
 * stored document rebuilds from its updates; the audit chains (`audit verify`'s own check); the
 * users, grants and settings rows against the directory document. Reads only: what it finds is
 * reported as the file is, before anything repairs it. A damaged file stops at the first check.
 */
export function verifyDatabase(store: { sqlite: Sqlite; q: SyncQuery; db: Kysely<Database> }, tenantId: string | null): DatabaseVerdict {
  const { sqlite, q, db } = store;
  const integrity = (sqlite.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check);
  if (integrity.length !== 1 || integrity[0] !== 'ok') {
    return {
      problems: integrity.slice(0, MAX_INTEGRITY_LINES).map((line) => ({ check: 'integrity', message: `the database integrity check failed: ${line}` })),
      auditEntries: 0,
      stations: 0,
      brokenChain: null,
    };
  }
  const problems: VerifyProblem[] = [];
  const damaged = findDamagedDocument(q, db);
  if (damaged) problems.push({ check: 'documents', message: describeDamage(damaged) });

  const verdict = verifyAuditChains(q);
  if (!verdict.ok) {
    const b = verdict.brokenAt;
    problems.push({ check: 'audit', message: `the chain of station ${b.deviceId} is broken: entry ${b.seq} (${b.id}) ${b.reason}` });
  }

  if (tenantId) {
    const docName = directoryDocName(tenantId);
    // One read transaction: the document and the rows as of the same moment, even with the app running.
    const lines = q.transaction(() => {
      const directory = rebuildStoredDocument(q, db, docName);
      if (!directory.ok) return []; // already reported above, with the documents
      const check = checkRights(store, docName, directory.doc);
      directory.doc.destroy();
      return check.lines;
    });
    for (const line of lines) problems.push({ check: 'rights', message: line });
  }
  return {
    problems,
    auditEntries: verdict.entriesChecked,
    stations: verdict.devices,
    brokenChain: verdict.ok ? null : { deviceId: verdict.brokenAt.deviceId, seq: verdict.brokenAt.seq, id: verdict.brokenAt.id },
  };
}
