import type { Skipped } from '../sync/rows';
import { decodeAuditBatch } from './audit-batch';
import type { AuditEntry } from './entry';

/** A row of `audit_entries` (see ../sync/rows.ts). */
export interface AuditEntriesRow {
  id: string;
  device_id: string;
  seq: number;
  at_ms: number;
  actor_id: string | null;
  actor_name: string;
  location_id: string | null;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  summary: string;
  risk: string;
  prev_hash: string;
  hash: string;
}

function auditEntryRow(e: AuditEntry): AuditEntriesRow {
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

/**
 * A batch of audit entries is one row of `audit_entries` each. Entries are immutable: a row
 * already there (same id) stays as it is. A batch from another device is untrusted, and a
 * malformed one is skipped whole.
 */
export function auditRows(batch: Uint8Array): { auditEntries: AuditEntriesRow[] } | Skipped {
  let entries: AuditEntry[];
  try {
    entries = decodeAuditBatch(batch);
  } catch (err) {
    return { skipped: (err as Error).message };
  }
  return { auditEntries: entries.map(auditEntryRow) };
}
