import { auditRows } from '../../../domain/audit/rows';
import { BATCH_KIND, batchKind } from '../../../domain/sync/fact-batch';
import { isSkipped } from '../../../domain/sync/rows';
import type { Store } from '../store';

/**
 * Writes the rows of a fact batch of audit entries (from the domain's mapping). Entries already
 * present (same id) are skipped.
 */
export function projectAuditBatch({ q, db, log }: Store, batch: unknown): boolean {
  if (!(batch instanceof Uint8Array) || batchKind(batch) !== BATCH_KIND.audit) return false;
  const rows = auditRows(batch);
  if (isSkipped(rows)) {
    log.warn({ err: rows.skipped }, 'skipped an unreadable audit batch');
    return true;
  }
  for (const row of rows.auditEntries) {
    const { changes } = q.run(db.insertInto('audit_entries').values(row).onConflict((oc) => oc.doNothing()));
    if (changes === 0) {
      const existing = q.first(db.selectFrom('audit_entries').select('id').where('id', '=', row.id));
      if (!existing) log.warn({ deviceId: row.device_id, seq: row.seq }, 'an audit entry claims a place in a chain that is taken');
    }
  }
  return true;
}
