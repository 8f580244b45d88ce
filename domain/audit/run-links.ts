import type { LinkRun } from './link-runs';
import type { Claim } from './claim';

/**
 * One device's entries of a month held as the run they came in (consecutive seqs, hashes of one
 * length joined in one string), and which of them the table has claimed: a row's claim compares
 * its hash in place, with nothing allocated per entry.
 */
export class RunLinks {
  private readonly hashLength: number;
  private readonly claimed: Uint8Array;
  readonly conflicts: ReadonlySet<number> = new Set<number>();

  constructor(private readonly run: LinkRun) {
    this.hashLength = run.hashes.length / run.count;
    this.claimed = new Uint8Array(run.count);
  }

  private slotOf(seq: number): number {
    const slot = seq - this.run.firstSeq;
    return Number.isInteger(slot) && slot >= 0 && slot < this.run.count ? slot : -1;
  }

  /** Whether the run already holds this very entry; anything else it cannot hold. */
  holds(seq: number, hash: string): boolean {
    return this.find(seq) === hash;
  }

  claim(seq: number, hash: string): Claim {
    const slot = this.slotOf(seq);
    if (slot < 0) return 'absent';
    if (hash.length !== this.hashLength || !this.run.hashes.startsWith(hash, slot * this.hashLength)) return 'differs';
    if (this.claimed[slot] === 1) return 'claimedTwice';
    this.claimed[slot] = 1;
    return 'found';
  }

  find(seq: number): string | null {
    const slot = this.slotOf(seq);
    return slot < 0 ? null : this.run.hashes.slice(slot * this.hashLength, (slot + 1) * this.hashLength);
  }

  /** Every entry, lowest seq first, and whether a row claimed it. */
  *entries(): Generator<{ seq: number; hash: string; claimed: boolean }> {
    for (let slot = 0; slot < this.run.count; slot++) {
      const seq = this.run.firstSeq + slot;
      yield { seq, hash: this.find(seq)!, claimed: this.claimed[slot] === 1 };
    }
  }

  unclaimed(): { seq: number; hash: string }[] {
    const open: { seq: number; hash: string }[] = [];
    for (let slot = 0; slot < this.run.count; slot++) if (this.claimed[slot] === 0) open.push({ seq: this.run.firstSeq + slot, hash: this.find(this.run.firstSeq + slot)! });
    return open;
  }
}
