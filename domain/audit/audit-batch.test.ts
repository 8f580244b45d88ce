import { afterEach, describe, expect, it, vi } from 'vitest';
import { seededRandom } from '../../tests/support/seeded-random';
import { BATCH_KIND, packBatch } from '../sync/fact-batch';
import { auditBatchLinks, decodeAuditBatch, encodeAuditBatch } from './audit-batch';
import { RISKS, type AuditEntry } from './entry';

afterEach(() => vi.restoreAllMocks());

const encoder = new TextEncoder();

const entry: AuditEntry = {
  id: '0190f2a4-0000-7000-8000-00000000000a',
  seq: 7,
  deviceId: '0190f2a4-0000-7000-8000-0000000000d1',
  atMs: Date.UTC(2026, 10, 22, 9),
  actorId: 'u-1',
  actorName: 'Chloé Brooks',
  locationId: null,
  action: 'users.create',
  entityType: 'user',
  entityId: null,
  summary: 'Created Staff "bob" (Bob) 😀',
  risk: 'MEDIUM',
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
};

/** What the projection makes of a batch: the reference `auditBatchLinks` must agree with, always. */
function linksByFullDecode(batch: Uint8Array) {
  try {
    return decodeAuditBatch(batch).map((e) => ({ deviceId: e.deviceId, seq: e.seq, hash: e.hash }));
  } catch {
    return null;
  }
}

function randomText(rand: () => number): string {
  const alphabet = ['a', 'Z', ' ', '"', '\\', '/', '\n', '\t', 'é', '°', '\u0000', '\u001f', '\u007f', '😀', '\u2028', '{', '}', ',', ':'];
  return Array.from({ length: Math.floor(rand() * 10) }, () => alphabet[Math.floor(rand() * alphabet.length)]).join('');
}

function randomEntry(rand: () => number): AuditEntry {
  const maybe = () => (rand() < 0.3 ? null : randomText(rand));
  return {
    id: randomText(rand), seq: Math.floor(rand() * 1e6) - 10, deviceId: rand() < 0.5 ? entry.deviceId : randomText(rand),
    atMs: Math.floor(rand() * 2e12), actorId: maybe(), actorName: randomText(rand), locationId: maybe(), action: randomText(rand),
    entityType: maybe(), entityId: maybe(), summary: randomText(rand), risk: RISKS[Math.floor(rand() * 4)]!,
    prevHash: randomText(rand), hash: rand() < 0.5 ? 'c'.repeat(64) : randomText(rand),
  };
}

describe('the chain links of a batch of audit entries', () => {
  it('a batch as encodeAuditBatch writes one entry is read in place, without JSON.parse', () => {
    const parse = vi.spyOn(JSON, 'parse');
    expect(auditBatchLinks(encodeAuditBatch([entry]))).toEqual([{ deviceId: entry.deviceId, seq: 7, hash: entry.hash }]);
    expect(parse).not.toHaveBeenCalled();
  });

  it('a batch of several entries, or with its fields in another order, is read in full', () => {
    const second = { ...entry, id: 'e-2', seq: 8, prevHash: entry.hash, hash: 'd'.repeat(64) };
    expect(auditBatchLinks(encodeAuditBatch([entry, second]))).toEqual([
      { deviceId: entry.deviceId, seq: 7, hash: entry.hash },
      { deviceId: entry.deviceId, seq: 8, hash: second.hash },
    ]);
    const { hash, ...rest } = entry;
    const reordered = packBatch(BATCH_KIND.audit, encoder.encode(JSON.stringify([{ hash, ...rest }])));
    expect(auditBatchLinks(reordered)).toEqual([{ deviceId: entry.deviceId, seq: 7, hash: entry.hash }]);
  });

  it('agrees with the full decode on every hand-made oddity: refused where it refuses, the same links where it reads', () => {
    const valid = new TextDecoder().decode(encodeAuditBatch([entry]).subarray(1));
    const edits: [string, string][] = [
      ['"seq":7', '"seq":07'], ['"seq":7', '"seq":7.0'], ['"seq":7', '"seq":7e0'], ['"seq":7', '"seq":-7'], ['"seq":7', '"seq": 7'],
      ['"seq":7', '"seq":"7"'], ['"seq":7', '"seq":123456789012345678'], ['"risk":"MEDIUM"', '"risk":"SEVERE"'],
      ['"risk":"MEDIUM"', '"risk":"MEDI\\u0055M"'], ['"actorName":"Chlo', '"actorName":"Chlo\\x'], ['"actorName":"Chlo', '"actorName":"Chlo\\u00e'],
      ['"actorName":"Chlo', '"actorName":"Chlo\\u00e9\\/\\b\\f\\n\\r\\t'], ['"actorName":"Chlo', '"actorName":"Chlo\u0001'],
      ['"locationId":null', '"locationId":nul'], ['"locationId":null', '"locationId":"loc"'], ['"actorName":"Chloé Brooks"', '"actorName":null'],
      [`"deviceId":"${entry.deviceId}"`, '"deviceId":"d\\u0031"'], [`"deviceId":"${entry.deviceId}"`, '"deviceId":"dé"'],
      [`"hash":"${entry.hash}"`, '"hash":"\\ud83d"'], ['}]', '} ]'], ['}]', '}]\n'], ['}]', '}]]'], ['}]', '}],[]'], ['}]', '},{}]'], ['[{', ' [{'],
      ['"seq":7,', '"seq":7,"seq":8,'], ['"hash":', '"extra":1,"hash":'],
    ];
    for (const [from, to] of edits) {
      expect(valid.includes(from), from).toBe(true);
      const batch = packBatch(BATCH_KIND.audit, encoder.encode(valid.replace(from, to)));
      expect(auditBatchLinks(batch), to).toEqual(linksByFullDecode(batch));
    }
    // Bytes a fatal UTF-8 decoder refuses, inside the summary: overlong, a surrogate, past U+10FFFF, cut short.
    for (const bad of [[0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0x80], [0xff]]) {
      const bytes = encodeAuditBatch([{ ...entry, summary: 'XX' }]);
      const at = bytes.indexOf(0x58);
      const batch = Uint8Array.from([...bytes.subarray(0, at), ...bad, ...bytes.subarray(at + 2)]);
      expect(linksByFullDecode(batch)).toBeNull();
      expect(auditBatchLinks(batch)).toBeNull();
    }
  });

  it('agrees with the full decode on random entries and on random damage to their batches', () => {
    const rand = seededRandom(11);
    for (let i = 0; i < 3000; i++) {
      const batch = encodeAuditBatch([randomEntry(rand)]);
      expect(auditBatchLinks(batch)).toEqual(linksByFullDecode(batch));
      const damaged = Array.from(batch);
      for (let k = 0; k < 1 + Math.floor(rand() * 3); k++) {
        const at = 1 + Math.floor(rand() * (damaged.length - 1));
        const what = rand();
        if (what < 0.4) damaged[at] = Math.floor(rand() * 256);
        else if (what < 0.7) damaged.splice(at, 1);
        else damaged.splice(at, 0, [0x22, 0x5c, 0x2c, 0x7d, 0x30, 0x75, 0xc3][Math.floor(rand() * 7)]!);
      }
      const bytes = Uint8Array.from(damaged);
      expect(auditBatchLinks(bytes)).toEqual(linksByFullDecode(bytes));
    }
  });

  it('a batch of another kind has no audit links', () => {
    expect(auditBatchLinks(packBatch(BATCH_KIND.readings, encodeAuditBatch([entry]).subarray(1)))).toBeNull();
  });
});
