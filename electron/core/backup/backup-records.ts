import { closeSync, openSync, readSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { decodeBackupRecordBatch, encodeBackupRecordBatch, type BackupRecord } from '../../../domain/backup/backup-record';
import { logDocName } from '../../../domain/sync/doc-names';
import type { Database } from '../db/schema';
import type { Store } from '../store';
import { appendFactBatch } from '../sync/fact-batches';

/** SHA-256 of a file, hex, read a megabyte at a time (a backup may be hundreds of megabytes). */
export function sha256File(path: string): string {
  const hash = createHash('sha256');
  const chunk = Buffer.alloc(1 << 20);
  const fd = openSync(path, 'r');
  try {
    for (let n = readSync(fd, chunk, 0, chunk.length, null); n > 0; n = readSync(fd, chunk, 0, chunk.length, null)) hash.update(chunk.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}

function recordRow(r: BackupRecord): Database['backup_records'] {
  return { sha256: r.sha256, at_ms: r.atMs, actor_id: r.actorId, actor_name: r.actorName, station_id: r.stationId, file_name: r.fileName, size_bytes: r.sizeBytes };
}

function rowRecord(r: Database['backup_records']): BackupRecord {
  return { sha256: r.sha256, atMs: r.at_ms, actorId: r.actor_id, actorName: r.actor_name, stationId: r.station_id, fileName: r.file_name, sizeBytes: r.size_bytes };
}

/** Writes the rows of a batch of backup records; a record already there (same hash) stays as it is. */
export function projectBackupRecords({ q, db, log }: Store, batch: Uint8Array): void {
  let records: BackupRecord[];
  try {
    records = decodeBackupRecordBatch(batch);
  } catch (err) {
    log.warn({ err: (err as Error).message }, 'skipped an unreadable batch of backup records');
    return;
  }
  for (const r of records) q.run(db.insertInto('backup_records').values(recordRow(r)).onConflict((oc) => oc.doNothing()));
}

/**
 * Records backup files as facts in this station's log document of the month (the projection writes
 * the rows). Call inside the transaction that writes the audit entry of the same event.
 */
export function writeBackupRecords(store: Store, records: BackupRecord[]): void {
  const identity = store.identity();
  if (!identity || records.length === 0) return;
  const batch = encodeBackupRecordBatch(records);
  store.docs.change(logDocName(identity.tenantId, identity.homeLocationId, store.now()), (doc) => {
    appendFactBatch(doc, batch);
  });
}

/** The record of the backup with this hash, if OpsFlow wrote it for this organization. */
export function findBackupRecord({ q, db }: Store, sha256: string): BackupRecord | null {
  const row = q.first(db.selectFrom('backup_records').selectAll().where('sha256', '=', sha256));
  return row ? rowRecord(row) : null;
}

export function allBackupRecords({ q, db }: Store): BackupRecord[] {
  return q.all(db.selectFrom('backup_records').selectAll().orderBy('at_ms')).map(rowRecord);
}
