import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalAuditJson, canonicalJson, ChainWalk, computeAuditHash, findChainBreak, GENESIS_HASH } from './chain';
import { RISKS, type AuditEntry } from './entry';
import { seededRandom } from '../../tests/support/seeded-random';

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function randomText(rand: () => number): string {
  const alphabet = ['a', 'Z', ' ', '"', '\\', '\n', 'é', '°', '\u0000', '😀', '\u2028'];
  return Array.from({ length: Math.floor(rand() * 12) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
}


function chain(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= n; seq++) {
    const body = { id: `e${seq}`, seq, deviceId: 'd1', atMs: 1000 + seq, actorId: null, actorName: 'x', locationId: null, action: 'a.b', entityType: null, entityId: null, summary: `s${seq}`, risk: 'LOW' as const, prevHash: prev };
    const entry = { ...body, hash: computeAuditHash(body, sha256) };
    out.push(entry);
    prev = entry.hash;
  }
  return out;
}

/** The entry pointed at another predecessor and re-hashed, as someone who can write the table would. */
function relink(entry: AuditEntry, prevHash: string): AuditEntry {
  const body = { ...entry, prevHash };
  return { ...body, hash: computeAuditHash(body, sha256) };
}

describe('the audit hash chain', () => {
  it('writes an entry’s canonical JSON exactly as the general canonical form does, whatever its text', () => {
    const rand = seededRandom(7);
    for (let i = 0; i < 2000; i++) {
      const maybe = () => (rand() < 0.3 ? null : randomText(rand));
      const e = {
        id: randomText(rand), seq: Math.floor(rand() * 1e9), deviceId: randomText(rand), atMs: Math.floor(rand() * 2e12),
        actorId: maybe(), actorName: randomText(rand), locationId: maybe(), action: randomText(rand), entityType: maybe(),
        entityId: maybe(), summary: randomText(rand), risk: RISKS[Math.floor(rand() * 4)]!,
      };
      expect(canonicalAuditJson(e)).toBe(canonicalJson(e));
    }
  });

  it('finds an intact chain intact', () => {
    expect(findChainBreak(chain(20), sha256)).toBeNull();
  });

  it('names the first entry whose content was changed', () => {
    const entries = chain(10);
    entries[4] = { ...entries[4]!, summary: 'edited later' };
    expect(findChainBreak(entries, sha256)).toMatchObject({ entry: { seq: 5 }, reason: expect.stringContaining('changed') });
  });

  it('refuses an entry that does not link to the one before, even when its own hash is consistent', () => {
    const entries = chain(10);
    entries[5] = relink(entries[5]!, 'f'.repeat(64));
    expect(sha256(entries[5].prevHash + canonicalAuditJson(entries[5]))).toBe(entries[5].hash);
    expect(findChainBreak(entries, sha256)).toEqual({ entry: entries[5], reason: 'does not link to the entry before it' });
  });

  it('refuses a first entry that does not start from the genesis hash (or the given start)', () => {
    const entries = chain(3);
    entries[0] = relink(entries[0]!, 'a'.repeat(64));
    expect(findChainBreak(entries, sha256)).toMatchObject({ entry: { seq: 1 }, reason: 'does not link to the entry before it' });
    expect(findChainBreak(chain(3).slice(1), sha256, { seq: 1, hash: 'b'.repeat(64) })).toMatchObject({ entry: { seq: 2 }, reason: 'does not link to the entry before it' });
  });

  it('finds an entry that was re-hashed on its own: its hash fits its content but not the entry before it', () => {
    const entries = chain(10);
    // Whoever rewrites entry 6 and recomputes its hash from a made-up predecessor gets an entry
    // that checks out on its own; only the link to entry 5 gives it away.
    const { hash: _old, ...body } = { ...entries[5]!, summary: 'rewritten', prevHash: 'f'.repeat(64) };
    entries[5] = { ...body, hash: computeAuditHash(body, sha256) };
    expect(findChainBreak(entries, sha256)).toMatchObject({ entry: { seq: 6 }, reason: expect.stringContaining('link') });
  });

  it('notices a removed entry', () => {
    const entries = chain(10);
    entries.splice(6, 1);
    expect(findChainBreak(entries, sha256)).toMatchObject({ entry: { seq: 8 }, reason: expect.stringContaining('missing') });
  });

  it('a walk takes entries in any order, looking up the entry before one it has not just seen', () => {
    const entries = chain(8);
    const stored = new Map(entries.map((e) => [e.seq, e.hash]));
    const lookups: number[] = [];
    const walk = new ChainWalk((_device, seq) => (lookups.push(seq), stored.get(seq) ?? null));
    // Entries 6 to 8 first (a month filed earlier by a clock set back), then 1 to 5.
    for (const seq of [6, 7, 8, 1, 2, 3, 4, 5]) expect(walk.step(entries[seq - 1]!)).toBeNull();
    expect(lookups).toEqual([5]);
    expect(walk.devices).toBe(1);

    stored.delete(3);
    const gap = new ChainWalk((_device, seq) => stored.get(seq) ?? null);
    expect(gap.step(entries[3]!)).toMatchObject({ seq: 4, reason: 'follows entry 3, which is missing' });
    expect(gap.step({ ...entries[0]!, seq: 0 })).toMatchObject({ reason: expect.stringContaining('number was changed') });
  });
});
