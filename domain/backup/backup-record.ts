import { OpsFlowError } from '../errors';
import { BATCH_KIND, batchBody, batchKind, packBatch } from '../sync/fact-batch';

/**
 * The record OpsFlow keeps of every backup file it writes: the file's SHA-256, when, by whom, on
 * which station. Records are facts (a batch in the month's log document, next to the audit entry
 * of the backup), so they survive a restore and travel with the organization's log: a restore can
 * tell a file OpsFlow wrote from one it did not.
 */
export interface BackupRecord {
  sha256: string;
  atMs: number;
  actorId: string | null;
  actorName: string;
  stationId: string;
  fileName: string;
  sizeBytes: number;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeBackupRecordBatch(records: BackupRecord[]): Uint8Array {
  return packBatch(BATCH_KIND.backupRecords, encoder.encode(JSON.stringify(records)));
}

function isBackupRecord(v: unknown): v is BackupRecord {
  if (!v || typeof v !== 'object') return false;
  const r = v as Record<string, unknown>;
  return (
    typeof r.sha256 === 'string' && /^[0-9a-f]{64}$/.test(r.sha256) &&
    Number.isInteger(r.atMs) && Number.isInteger(r.sizeBytes) &&
    (r.actorId === null || typeof r.actorId === 'string') &&
    typeof r.actorName === 'string' && typeof r.stationId === 'string' && typeof r.fileName === 'string'
  );
}

/** A batch from another station is untrusted input: anything malformed is refused whole. */
export function decodeBackupRecordBatch(batch: Uint8Array): BackupRecord[] {
  if (batchKind(batch) !== BATCH_KIND.backupRecords) throw new OpsFlowError('FRAME_INVALID', 'This is not a batch of backup records.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(batchBody(batch)));
  } catch {
    throw new OpsFlowError('FRAME_INVALID', 'A batch of backup records could not be read; it was ignored.');
  }
  if (!Array.isArray(parsed) || !parsed.every(isBackupRecord)) {
    throw new OpsFlowError('FRAME_INVALID', 'A batch of backup records is malformed; it was ignored.');
  }
  return parsed;
}
