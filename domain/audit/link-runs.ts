import type { AuditEntryLink } from './audit-batch';

/** The length of a SHA-256 in hex: the hashes a run holds end to end. */
export const HASH_HEX_LENGTH = 64;

/**
 * Entries of one device at consecutive seqs from `firstSeq`, their hashes joined in one string
 * (`count` of them, each `hashes.length / count` long). A month of a device's chain is one run:
 * one string instead of one per entry, which is what a million entries' links cost most in
 * allocating, collecting and sending between threads.
 */
export interface LinkRun {
  deviceId: string;
  firstSeq: number;
  count: number;
  hashes: string;
}

/**
 * Gathers links in the order read into runs. A link that does not continue its device's run (a
 * gap, a seq out of order, a hash that is not a SHA-256's length) starts another run; one whose
 * hash is not a SHA-256's length is a run of its own.
 */
export class LinkRunsBuilder {
  /** In the order each run began: the devices come out in the order they were first read. */
  private readonly started: { deviceId: string; firstSeq: number; hashes: string[] }[] = [];
  private readonly open = new Map<string, { firstSeq: number; hashes: string[] }>();

  add(deviceId: string, seq: number, hash: string): void {
    const run = this.open.get(deviceId);
    if (run && hash.length === HASH_HEX_LENGTH && seq === run.firstSeq + run.hashes.length) {
      run.hashes.push(hash);
      return;
    }
    const started = { deviceId, firstSeq: seq, hashes: [hash] };
    this.started.push(started);
    if (hash.length === HASH_HEX_LENGTH) this.open.set(deviceId, started);
    else this.open.delete(deviceId);
  }

  runs(): LinkRun[] {
    return this.started.map(({ deviceId, firstSeq, hashes }) => ({ deviceId, firstSeq, count: hashes.length, hashes: hashes.join('') }));
  }
}

/** The links of a run, one by one. */
export function* linksOfRun({ deviceId, firstSeq, count, hashes }: LinkRun): Generator<AuditEntryLink> {
  const length = hashes.length / count;
  for (let i = 0; i < count; i++) yield { deviceId, seq: firstSeq + i, hash: hashes.slice(i * length, (i + 1) * length) };
}
