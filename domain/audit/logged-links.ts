import type { AuditEntryLink } from './audit-batch';

/** What the log documents say about a table row's place in its chain. */
export type Claim =
  /** The documents hold this very entry (same hash), not claimed by another row before. */
  | 'found'
  /** The documents hold no entry at that place: the row was added to the table. */
  | 'absent'
  /** The documents hold another entry there: the row was changed and its chain re-hashed. */
  | 'differs'
  /** Another row already claimed this entry: the table holds it twice. */
  | 'claimedTwice'
  /** The documents themselves hold two different entries at that place. */
  | 'conflict';

/** An entry of the documents: its place and hash, and the batch that holds it (to name it, should it be missing). */
export interface LoggedEntry extends AuditEntryLink {
  batch: Uint8Array;
}

const ascii = new TextDecoder();

/**
 * One device's entries of a month. A month holds tens of thousands per device and is checked in
 * one go, so nothing is allocated per entry: each is a slot in parallel arrays — where its hash
 * and batch sit in the stored update they were read from (or, for a batch read in full, the hash
 * itself) — found by seq: slot = seq - first seq while seqs come as a run (they do), else by a map.
 */
class DeviceLinks {
  private base = 0;
  private bySeq: Map<number, number> | null = null;
  private readonly seqs: number[] = [];
  /** The stored bytes holding the hash, or the hash itself. */
  private readonly sources: (Uint8Array | string)[] = [];
  private readonly hashStarts: number[] = [];
  private readonly hashEnds: number[] = [];
  private readonly batchStarts: number[] = [];
  private readonly batchEnds: number[] = [];
  private readonly claimed: number[] = [];
  /** Batches read in full, by slot. */
  private readonly decoded = new Map<number, Uint8Array>();
  readonly conflicts = new Set<number>();

  private slotOf(seq: number): number {
    if (this.bySeq) return this.bySeq.get(seq) ?? -1;
    const slot = seq - this.base;
    return Number.isInteger(slot) && slot >= 0 && slot < this.seqs.length ? slot : -1;
  }

  /** Whether the slot's hash is `hash` (bytes of the stored update are ASCII: a byte is its char code). */
  private hashIs(slot: number, hash: string): boolean {
    const source = this.sources[slot]!;
    if (typeof source === 'string') return source === hash;
    const start = this.hashStarts[slot]!;
    if (this.hashEnds[slot]! - start !== hash.length) return false;
    for (let k = 0; k < hash.length; k++) if (hash.charCodeAt(k) !== source[start + k]) return false;
    return true;
  }

  hashOf(slot: number): string {
    const source = this.sources[slot]!;
    return typeof source === 'string' ? source : ascii.decode(source.subarray(this.hashStarts[slot], this.hashEnds[slot]));
  }

  private batchOf(slot: number): Uint8Array {
    const source = this.sources[slot]!;
    return typeof source === 'string' ? this.decoded.get(slot)! : source.subarray(this.batchStarts[slot], this.batchEnds[slot]);
  }

  add(seq: number, source: Uint8Array | string, hashStart: number, hashEnd: number, batchStart: number, batchEnd: number, decoded: Uint8Array | null): void {
    const held = this.slotOf(seq);
    if (held >= 0) {
      // Read twice (the documents were read again): the same entry, or a second one at that place.
      const hash = typeof source === 'string' ? source : ascii.decode(source.subarray(hashStart, hashEnd));
      if (!this.hashIs(held, hash)) this.conflicts.add(seq);
      return;
    }
    if (this.seqs.length === 0) this.base = seq;
    const slot = this.seqs.length;
    if (!this.bySeq && seq !== this.base + slot) this.bySeq = new Map(this.seqs.map((s, i) => [s, i]));
    this.bySeq?.set(seq, slot);
    this.seqs.push(seq);
    this.sources.push(source);
    this.hashStarts.push(hashStart);
    this.hashEnds.push(hashEnd);
    this.batchStarts.push(batchStart);
    this.batchEnds.push(batchEnd);
    this.claimed.push(0);
    if (decoded) this.decoded.set(slot, decoded);
  }

  claim(seq: number, hash: string): Claim {
    if (this.conflicts.has(seq)) return 'conflict';
    const slot = this.slotOf(seq);
    if (slot < 0) return 'absent';
    if (!this.hashIs(slot, hash)) return 'differs';
    if (this.claimed[slot] === 1) return 'claimedTwice';
    this.claimed[slot] = 1;
    return 'found';
  }

  find(seq: number): { hash: string; batch: Uint8Array } | null {
    const slot = this.slotOf(seq);
    return slot < 0 ? null : { hash: this.hashOf(slot), batch: this.batchOf(slot) };
  }

  /** Seqs no row claimed, lowest first. */
  unclaimed(): number[] {
    return this.seqs.filter((_, slot) => this.claimed[slot] === 0).sort((a, b) => a - b);
  }
}

/**
 * The entries one month's log documents hold, by device and seq, and which of them the audit
 * table has accounted for. Every table row of the month claims the entry at its place; whatever
 * no row claimed by the end of the month was removed from the table.
 */
export class LoggedLinks {
  private readonly devices = new Map<string, DeviceLinks>();
  // Rows come a device at a time, mostly: the last device looked up saves hashing its id again.
  private lastId: string | null = null;
  private last: DeviceLinks | null = null;

  private device(deviceId: string, create: boolean): DeviceLinks | null {
    if (deviceId === this.lastId) return this.last;
    let device = this.devices.get(deviceId) ?? null;
    if (!device && create) this.devices.set(deviceId, (device = new DeviceLinks()));
    if (device) (this.lastId = deviceId), (this.last = device);
    return device;
  }

  /** An entry read in place: its hash and batch are byte ranges of `bytes` (a stored update). */
  addAt(deviceId: string, seq: number, bytes: Uint8Array, hashStart: number, hashEnd: number, batchStart: number, batchEnd: number): void {
    this.device(deviceId, true)!.add(seq, bytes, hashStart, hashEnd, batchStart, batchEnd, null);
  }

  /** An entry of a batch read in full. */
  add(link: AuditEntryLink, batch: Uint8Array): void {
    this.device(link.deviceId, true)!.add(link.seq, link.hash, 0, 0, 0, 0, batch);
  }

  find(deviceId: string, seq: number): LoggedEntry | null {
    const found = this.device(deviceId, false)?.find(seq);
    return found ? { deviceId, seq, ...found } : null;
  }

  claim(deviceId: string, seq: number, hash: string): Claim {
    return this.device(deviceId, false)?.claim(seq, hash) ?? 'absent';
  }

  /** The entries no row claimed: by device in the order first seen, lowest seq first. */
  *unclaimed(): Generator<LoggedEntry> {
    for (const [deviceId, device] of this.devices) {
      for (const seq of device.unclaimed()) yield { deviceId, seq, ...device.find(seq)! };
    }
  }

  /** A place where the documents hold two different entries, if any. */
  firstConflict(): { deviceId: string; seq: number } | null {
    for (const [deviceId, device] of this.devices) {
      const [seq] = [...device.conflicts].sort((a, b) => a - b);
      if (seq !== undefined) return { deviceId, seq };
    }
    return null;
  }
}
