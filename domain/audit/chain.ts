import { ByDevice } from './by-device';
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

/** The first thing wrong with a chain: which entry, and why, as words that follow "Entry 12 of station X". */
export interface ChainBreak {
  deviceId: string;
  seq: number;
  id: string;
  reason: string;
}

/** What following a chain needs of an entry: its place, its hash and the hash it links to. */
export type ChainLink = Pick<AuditEntry, 'id' | 'deviceId' | 'seq' | 'prevHash' | 'hash'>;

export const CHAIN_BREAK_REASONS = {
  changed: 'was changed after it was written: its hash no longer matches its content',
  unlinked: 'does not link to the entry before it',
  missingBefore: (seq: number) => `follows entry ${seq}, which is missing`,
  misnumbered: 'has no place in its chain: its number was changed',
} as const;

/**
 * Follows every device's chain link by link: each entry must carry the hash of the entry before it
 * on its device (the genesis hash for entry 1). Entries may come in any order — a month at a time,
 * say, where a clock set back files later entries under an earlier month. The entry just before
 * comes from the last one seen of that device, or else from `storedHash`, which looks it up.
 * Each entry's own hash is its reader's to check; this checks how they hang together.
 */
export class ChainWalk {
  private readonly heads = new ByDevice<{ seq: number; hash: string }>();

  constructor(private readonly storedHash: (deviceId: string, seq: number) => string | null = () => null) {}

  /** Starts a device's chain after an entry already checked (a page of a longer walk). */
  resume(deviceId: string, after: { seq: number; hash: string }): void {
    this.heads.set(deviceId, { ...after });
  }

  step(entry: ChainLink): ChainBreak | null {
    const { deviceId, seq } = entry;
    if (!Number.isSafeInteger(seq) || seq < 1) return { deviceId, seq, id: entry.id, reason: CHAIN_BREAK_REASONS.misnumbered };
    const head = this.heads.get(deviceId);
    const before = seq === 1 ? GENESIS_HASH : head?.seq === seq - 1 ? head.hash : this.storedHash(deviceId, seq - 1);
    if (before === null) return { deviceId, seq, id: entry.id, reason: CHAIN_BREAK_REASONS.missingBefore(seq - 1) };
    if (entry.prevHash !== before) return { deviceId, seq, id: entry.id, reason: CHAIN_BREAK_REASONS.unlinked };
    if (head) {
      head.seq = seq;
      head.hash = entry.hash;
    } else this.heads.set(deviceId, { seq, hash: entry.hash });
    return null;
  }

  /** How many devices' chains were followed. */
  get devices(): number {
    return this.heads.size;
  }

  /** The devices whose chains were followed, in the order first seen. */
  deviceIds(): string[] {
    return [...this.heads.entries()].map(([id]) => id);
  }
}

/** Checks one device's entries, in seq order; returns the first broken link or null. */
export function findChainBreak(
  entries: Iterable<AuditEntry>,
  sha256: Sha256Hex,
  start: { seq: number; hash: string } = { seq: 0, hash: GENESIS_HASH },
): { entry: AuditEntry; reason: string } | null {
  const walk = new ChainWalk();
  let first = true;
  for (const entry of entries) {
    if (first && start.seq > 0) walk.resume(entry.deviceId, start);
    first = false;
    const broken = walk.step(entry);
    if (broken) return { entry, reason: broken.reason };
    // auditHashInput reads only the hashed fields, so the entry goes in as it is (no copy per entry).
    if (sha256(auditHashInput(entry)) !== entry.hash) return { entry, reason: CHAIN_BREAK_REASONS.changed };
  }
  return null;
}
