import { OpsFlowError } from '../errors';
import { BATCH_KIND, batchBody, batchKind, packBatch } from '../sync/fact-batch';
import { RISKS, type AuditEntry } from './entry';

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

export function encodeAuditBatch(entries: AuditEntry[]): Uint8Array {
  return packBatch(BATCH_KIND.audit, encoder.encode(JSON.stringify(entries)));
}

function isAuditEntry(v: unknown): v is AuditEntry {
  if (!v || typeof v !== 'object') return false;
  const e = v as Record<string, unknown>;
  const str = (k: string) => typeof e[k] === 'string';
  const strOrNull = (k: string) => e[k] === null || typeof e[k] === 'string';
  return (
    str('id') && str('deviceId') && str('actorName') && str('action') && str('summary') && str('prevHash') && str('hash') &&
    strOrNull('actorId') && strOrNull('locationId') && strOrNull('entityType') && strOrNull('entityId') &&
    Number.isInteger(e.seq) && Number.isInteger(e.atMs) && RISKS.includes(e.risk as never)
  );
}

/** A batch from another device is untrusted input: anything malformed is refused whole. */
export function decodeAuditBatch(batch: Uint8Array): AuditEntry[] {
  if (batchKind(batch) !== BATCH_KIND.audit) throw new OpsFlowError('FRAME_INVALID', 'This is not a batch of audit entries.');
  let parsed: unknown;
  try {
    parsed = JSON.parse(decoder.decode(batchBody(batch)));
  } catch {
    throw new OpsFlowError('FRAME_INVALID', 'A batch of audit entries could not be read; it was ignored.');
  }
  if (!Array.isArray(parsed) || !parsed.every(isAuditEntry)) {
    throw new OpsFlowError('FRAME_INVALID', 'A batch of audit entries is malformed; it was ignored.');
  }
  return parsed;
}
