import { describe, expect, it } from 'vitest';
import { LinkRunsBuilder } from './link-runs';
import { LoggedLinks } from './logged-links';

const h = (n: number) => n.toString(16).padStart(64, '0');

function logged(seqs: number[], deviceId = 'pc-1'): LoggedLinks {
  const links = new LoggedLinks();
  for (const seq of seqs) links.add({ deviceId, seq, hash: h(seq) });
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
    expect([...links.unclaimed()]).toEqual([{ deviceId: 'pc-1', seq: 12, hash: h(12) }]);
    expect(links.find('pc-1', 2000)).toBe(h(2000));
  });

  it('an entry read twice is one entry; two different entries at one place are a conflict', () => {
    const links = logged([1, 2, 3]);
    links.add({ deviceId: 'pc-1', seq: 2, hash: h(2) });
    expect(links.firstConflict()).toBeNull();
    links.add({ deviceId: 'pc-1', seq: 3, hash: h(33) });
    expect(links.firstConflict()).toEqual({ deviceId: 'pc-1', seq: 3 });
    expect(links.claim('pc-1', 3, h(3))).toBe('conflict');
  });

  it('keeps many devices apart', () => {
    const links = new LoggedLinks();
    for (let d = 0; d < 50; d++) links.add({ deviceId: `pc-${d}`, seq: 1, hash: h(d) });
    for (let d = 0; d < 50; d++) expect(links.claim(`pc-${d}`, 1, h(d))).toBe('found');
    expect([...links.unclaimed()]).toEqual([]);
  });
});

describe('a month of a device read as one run (what the verify worker sends)', () => {
  const run = (deviceId: string, firstSeq: number, count: number) => {
    const builder = new LinkRunsBuilder();
    for (let seq = firstSeq; seq < firstSeq + count; seq++) builder.add(deviceId, seq, h(seq));
    return builder.runs();
  };

  it('claims like entries added one by one', () => {
    const links = new LoggedLinks();
    for (const r of run('pc-1', 5, 4)) links.addRun(r);
    expect(links.claim('pc-1', 6, h(6))).toBe('found');
    expect(links.claim('pc-1', 6, h(6))).toBe('claimedTwice');
    expect(links.claim('pc-1', 7, h(99))).toBe('differs');
    expect(links.claim('pc-1', 7, h(7).slice(0, 63))).toBe('differs');
    expect(links.claim('pc-1', 9, h(9))).toBe('absent');
    expect(links.claim('pc-1', 5.5, h(5))).toBe('absent');
    expect(links.find('pc-1', 8)).toBe(h(8));
    expect([...links.unclaimed()].map((e) => e.seq)).toEqual([5, 7, 8]);
  });

  it('gaps, seqs out of order and hashes of another length start runs of their own', () => {
    const builder = new LinkRunsBuilder();
    for (const seq of [1, 2, 3, 7, 8, 4]) builder.add('pc-1', seq, h(seq));
    builder.add('pc-2', 1, 'short');
    builder.add('pc-1', 9, h(9));
    expect(builder.runs().map((r) => [r.deviceId, r.firstSeq, r.count])).toEqual([['pc-1', 1, 3], ['pc-1', 7, 2], ['pc-1', 4, 1], ['pc-2', 1, 1], ['pc-1', 9, 1]]);
    const links = new LoggedLinks();
    for (const r of builder.runs()) links.addRun(r);
    for (const seq of [1, 2, 3, 4, 7, 8, 9]) expect(links.claim('pc-1', seq, h(seq))).toBe('found');
    expect(links.claim('pc-2', 1, 'short')).toBe('found');
    expect([...links.unclaimed()]).toEqual([]);
  });

  it('an entry read again after the run keeps what was claimed, and a different entry at a held place is a conflict', () => {
    const links = new LoggedLinks();
    for (const r of run('pc-1', 1, 3)) links.addRun(r);
    expect(links.claim('pc-1', 1, h(1))).toBe('found');
    links.add({ deviceId: 'pc-1', seq: 2, hash: h(2) });
    expect(links.firstConflict()).toBeNull();
    links.add({ deviceId: 'pc-1', seq: 4, hash: h(4) });
    expect(links.claim('pc-1', 1, h(1))).toBe('claimedTwice');
    expect(links.claim('pc-1', 4, h(4))).toBe('found');
    links.add({ deviceId: 'pc-1', seq: 3, hash: h(33) });
    expect(links.firstConflict()).toEqual({ deviceId: 'pc-1', seq: 3 });
    expect([...links.unclaimed()].map((e) => e.seq)).toEqual([2, 3]);
  });
});
