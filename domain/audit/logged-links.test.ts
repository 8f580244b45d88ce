import { describe, expect, it } from 'vitest';
import { encodeAuditBatch } from './audit-batch';
import { LoggedLinks } from './logged-links';

const h = (n: number) => n.toString(16).padStart(64, '0');
const batch = Uint8Array.of(1);

function logged(seqs: number[], deviceId = 'pc-1'): LoggedLinks {
  const links = new LoggedLinks();
  for (const seq of seqs) links.add({ deviceId, seq, hash: h(seq) }, batch);
  return links;
}

describe('the entries of a month of log documents, claimed by the table', () => {
  it('each row claims its entry once; a row the documents lack, or hold with another hash, or claim twice, is told apart', () => {
    const links = logged([1, 2, 3, 4]);
    expect(links.claim('pc-1', 2, h(2))).toBe('found');
    expect(links.claim('pc-1', 2, h(2))).toBe('claimedTwice');
    expect(links.claim('pc-1', 3, h(99))).toBe('differs');
    expect(links.claim('pc-1', 5, h(5))).toBe('absent');
    expect(links.claim('pc-2', 1, h(1))).toBe('absent');
    expect([...links.unclaimed()].map((e) => e.seq)).toEqual([1, 3, 4]);
  });

  it('seqs out of order, with gaps, or far apart are kept as well as a run', () => {
    const links = logged([10, 11, 5, 2000, 12, -3]);
    for (const seq of [10, 11, 5, 2000, -3]) expect(links.claim('pc-1', seq, h(seq))).toBe('found');
    expect(links.claim('pc-1', 6, h(6))).toBe('absent');
    expect(links.claim('pc-1', 10.5, h(10))).toBe('absent');
    expect([...links.unclaimed()]).toEqual([{ deviceId: 'pc-1', seq: 12, hash: h(12), batch }]);
  });

  it('an entry read twice is one entry; two different entries at one place are a conflict', () => {
    const links = logged([1, 2, 3]);
    links.add({ deviceId: 'pc-1', seq: 2, hash: h(2) }, batch);
    expect(links.firstConflict()).toBeNull();
    links.add({ deviceId: 'pc-1', seq: 3, hash: h(33) }, batch);
    expect(links.firstConflict()).toEqual({ deviceId: 'pc-1', seq: 3 });
    expect(links.claim('pc-1', 3, h(3))).toBe('conflict');
  });

  it('entries read in place are found by their bytes in the stored update', () => {
    const entry = { id: 'e-7', seq: 7, deviceId: 'pc-1', atMs: 1, actorId: null, actorName: 'x', locationId: null, action: 'a', entityType: null, entityId: null, summary: 's', risk: 'LOW' as const, prevHash: h(6), hash: h(7) };
    const bytes = encodeAuditBatch([entry]);
    const text = new TextDecoder().decode(bytes);
    const hashStart = text.lastIndexOf(h(7));
    const links = new LoggedLinks();
    links.addAt('pc-1', 7, bytes, hashStart, hashStart + 64, 0, bytes.length);
    expect(links.find('pc-1', 7)).toEqual({ deviceId: 'pc-1', seq: 7, hash: h(7), batch: bytes });
    expect(links.claim('pc-1', 7, h(8))).toBe('differs');
    expect(links.claim('pc-1', 7, h(7))).toBe('found');
  });
});
