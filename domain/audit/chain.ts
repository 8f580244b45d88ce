import type { AuditEntry } from './entry';

/** The first link of every device's chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with keys sorted at every level: the same entry always hashes to the same bytes. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value as Record<string, unknown>)
    .filter((k) => (value as Record<string, unknown>)[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`).join(',')}}`;
}

export type Sha256Hex = (text: string) => string;

const str = (v: string | null) => (v === null ? 'null' : JSON.stringify(v));

/**
 * The canonical JSON of an audit entry (without prevHash and hash), written field by field in
 * sorted key order: the same text `canonicalJson` gives, about five times faster, which is what
 * verifying a million-entry log spends its time on.
 */
export function canonicalAuditJson(e: Omit<AuditEntry, 'hash' | 'prevHash'>): string {
  return (
    `{"action":${str(e.action)},"actorId":${str(e.actorId)},"actorName":${str(e.actorName)},"atMs":${JSON.stringify(e.atMs)},` +
    `"deviceId":${str(e.deviceId)},"entityId":${str(e.entityId)},"entityType":${str(e.entityType)},"id":${str(e.id)},` +
    `"locationId":${str(e.locationId)},"risk":${str(e.risk)},"seq":${JSON.stringify(e.seq)},"summary":${str(e.summary)}}`
  );
}

/** hash = SHA-256(prev_hash ‖ canonical JSON of the entry without its hash). */
export function auditHashInput(entry: Omit<AuditEntry, 'hash'>): string {
  return entry.prevHash + canonicalAuditJson(entry);
}

export function computeAuditHash(entry: Omit<AuditEntry, 'hash'>, sha256: Sha256Hex): string {
  return sha256(auditHashInput(entry));
}

/** Checks one device's entries, in seq order; returns the first broken link or null. */
export function findChainBreak(
  entries: Iterable<AuditEntry>,
  sha256: Sha256Hex,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): { entry: AuditEntry; reason: string } | null {
  let expectedSeq = start.seq + 1;
  let prev = start.hash;
  for (const entry of entries) {
    if (entry.seq !== expectedSeq) return { entry, reason: `entry ${expectedSeq} is missing` };
    if (entry.prevHash !== prev) return { entry, reason: 'does not link to the entry before it' };
    // auditHashInput reads only the hashed fields, so the entry goes in as it is (no copy per entry).
    if (sha256(auditHashInput(entry)) !== entry.hash) return { entry, reason: 'its content was changed after it was written' };
    prev = entry.hash;
    expectedSeq += 1;
  }
  return null;
}
