import type { AuditEntryLink } from './audit-batch';
import { ByDevice } from './by-device';
import { linksOfRun, type LinkRun } from './link-runs';
import { RunLinks } from './run-links';
import type { Claim } from './claim';

export type { Claim };

/**
 * One device's entries of a month, by seq. A month holds tens of thousands per device, so each is
 * a slot in two arrays (hash, claimed), slot = seq - first seq while seqs come as a run (they do:
 * a month of one device's chain is a run of seqs), else found through a map.
 */
class DeviceLinks {
  private base = 0;
  private readonly hashes: (string | undefined)[] = [];
  private readonly claimed: number[] = [];
  /** Seq to slot, once seqs stop coming as a run; then `seqs` says each slot's seq. */
  private bySeq: Map<number, number> | null = null;
  private seqs: number[] = [];
  readonly conflicts = new Set<number>();

  private slotOf(seq: number): number {
    if (this.bySeq) return this.bySeq.get(seq) ?? -1;
    const slot = seq - this.base;
    return Number.isInteger(slot) && slot >= 0 && slot < this.hashes.length ? slot : -1;
  }

  private seqOf(slot: number): number {
    return this.bySeq ? this.seqs[slot]! : this.base + slot;
  }

  add(seq: number, hash: string): void {
    const held = this.slotOf(seq);
    if (held >= 0) {
      // Read twice (the documents were read again): the same entry, or a second one at that place.
      if (this.hashes[held] !== hash) this.conflicts.add(seq);
      return;
    }
    if (this.hashes.length === 0) this.base = seq;
    const slot = this.hashes.length;
    if (!this.bySeq && seq !== this.base + slot) {
      this.seqs = this.hashes.map((_, s) => this.base + s);
      this.bySeq = new Map(this.seqs.map((s, i) => [s, i]));
    }
    if (this.bySeq) this.bySeq.set(seq, slot), this.seqs.push(seq);
    this.hashes.push(hash);
    this.claimed.push(0);
  }

  claim(seq: number, hash: string): Claim {
    if (this.conflicts.size > 0 && this.conflicts.has(seq)) return 'conflict';
    const slot = this.slotOf(seq);
    if (slot < 0) return 'absent';
    if (this.hashes[slot] !== hash) return 'differs';
    if (this.claimed[slot] === 1) return 'claimedTwice';
    this.claimed[slot] = 1;
    return 'found';
  }

  find(seq: number): string | null {
    const slot = this.slotOf(seq);
    return slot < 0 ? null : this.hashes[slot]!;
  }

  /** Seqs no row claimed, lowest first, with their hashes. */
  unclaimed(): { seq: number; hash: string }[] {
    const open: { seq: number; hash: string }[] = [];
    for (let slot = 0; slot < this.hashes.length; slot++) if (this.claimed[slot] === 0) open.push({ seq: this.seqOf(slot), hash: this.hashes[slot]! });
    return open.sort((a, b) => a.seq - b.seq);
  }
}

/**
 * The entries one month's log documents hold, by device and seq, and which of them the audit
 * table has accounted for. Every table row of the month claims the entry at its place; whatever
 * no row claimed by the end of the month was removed from the table.
 */
export class LoggedLinks {
  private readonly devices = new ByDevice<DeviceLinks | RunLinks>();
  // A document lists one device's entries after another's: the last one added to saves a lookup.
  private lastAdded: { deviceId: string; links: DeviceLinks } | null = null;

  add({ deviceId, seq, hash }: AuditEntryLink): void {
    let device = this.lastAdded?.deviceId === deviceId ? this.lastAdded.links : this.devices.get(deviceId);
    if (device instanceof RunLinks) {
      if (device.holds(seq, hash)) return;
      device = this.unpacked(deviceId, device);
    }
    if (!device) this.devices.set(deviceId, (device = new DeviceLinks()));
    if (this.lastAdded?.links !== device) this.lastAdded = { deviceId, links: device };
    device.add(seq, hash);
  }

  /** A run of a device's entries: kept as it is if it is the first of its device, else entry by entry. */
  addRun(run: LinkRun): void {
    if (this.devices.get(run.deviceId) === undefined) this.devices.set(run.deviceId, new RunLinks(run));
    else for (const link of linksOfRun(run)) this.add(link);
  }

  /** A run's entries, and which were claimed, as a device's entries kept one by one (something was added to it). */
  private unpacked(deviceId: string, run: RunLinks): DeviceLinks {
    const links = new DeviceLinks();
    for (const { seq, hash } of run.entries()) links.add(seq, hash);
    for (const { seq, hash, claimed } of run.entries()) if (claimed) links.claim(seq, hash);
    this.devices.set(deviceId, links);
    return links;
  }

  /** The hash the documents hold at that place, if any. */
  find(deviceId: string, seq: number): string | null {
    return this.devices.get(deviceId)?.find(seq) ?? null;
  }

  claim(deviceId: string, seq: number, hash: string): Claim {
    return this.devices.get(deviceId)?.claim(seq, hash) ?? 'absent';
  }

  /** The entries no row claimed: by device in the order first seen, lowest seq first. */
  *unclaimed(): Generator<AuditEntryLink> {
    for (const [deviceId, device] of this.devices.entries()) {
      for (const { seq, hash } of device.unclaimed()) yield { deviceId, seq, hash };
    }
  }

  /** A place where the documents hold two different entries, if any. */
  firstConflict(): { deviceId: string; seq: number } | null {
    for (const [deviceId, device] of this.devices.entries()) {
      const [seq] = [...device.conflicts].sort((a, b) => a - b);
      if (seq !== undefined) return { deviceId, seq };
    }
    return null;
  }
}
