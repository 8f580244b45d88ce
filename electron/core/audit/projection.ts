import { decodeAuditBatch } from '../../../domain/audit/audit-batch';
import type { AuditEntry } from '../../../domain/audit/entry';
import { BATCH_KIND, batchKind } from '../../../domain/sync/fact-batch';
import type { Database } from '../db/schema';
import type { Store } from '../store';

export function auditEntryRow(e: AuditEntry): Database['audit_entries'] {
  return {
    id: e.id,
    device_id: e.deviceId,
    seq: e.seq,
    at_ms: e.atMs,
    actor_id: e.actorId,
    actor_name: e.actorName,
    location_id: e.locationId,
    action: e.action,
    entity_type: e.entityType,
    entity_id: e.entityId,
    summary: e.summary,
    risk: e.risk,
    prev_hash: e.prevHash,
    hash: e.hash,
  };
}

/** Writes the rows of a fact batch of audit entries. Entries already present (same id) are skipped. */
export function projectAuditBatch({ q, db, log }: Store, batch: unknown): boolean {
  if (!(batch instanceof Uint8Array) || batchKind(batch) !== BATCH_KIND.audit) return false;
  let entries: AuditEntry[];
  try {
    entries = decodeAuditBatch(batch);
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'skipped an unreadable audit batch');
    return true;
  }
  for (const e of entries) {
    const { changes } = q.run(db.insertInto('audit_entries').values(auditEntryRow(e)).onConflict((oc) => oc.doNothing()));
    if (changes === 0) {
      const existing = q.first(db.selectFrom('audit_entries').select('id').where('id', '=', e.id));
      if (!existing) log.warn({ deviceId: e.deviceId, seq: e.seq }, 'an audit entry claims a place in a chain that is taken');
    }
  }
  return true;
}

