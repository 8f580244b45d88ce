import BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { FACT_BATCHES_MAP } from '../../../domain/sync/fact-batch';
import { seededRandom } from '../../../tests/support/seeded-random';
import { SyncQuery } from '../db/sync-query';
import { forEachLoggedBatch, logDocumentsByMonth } from './log-documents';

function storage() {
  const sqlite = new BetterSqlite3(':memory:');
  sqlite.exec('CREATE TABLE y_updates (seq INTEGER PRIMARY KEY AUTOINCREMENT, doc TEXT NOT NULL, "update" BLOB NOT NULL, at_ms INTEGER NOT NULL)');
  const q = new SyncQuery(sqlite);
  const insert = sqlite.prepare('INSERT INTO y_updates (doc, "update", at_ms) VALUES (?, ?, 0)');
  /** A document whose every change is stored as its own update, as the DocStore stores them. */
  const doc = (name: string) => {
    const d = new Y.Doc();
    d.on('update', (update: Uint8Array) => insert.run(name, update));
    return d;
  };
  return { q, sqlite, doc, insert };
}

function batchesRead(q: SyncQuery, name: string): string[] {
  const seen: string[] = [];
  forEachLoggedBatch(q, name, (bytes, view, start, end) => {
    expect(view.byteLength).toBe(bytes.byteLength);
    seen.push(Buffer.from(bytes.subarray(start, end)).toString('hex'));
  });
  return [...new Set(seen)].sort();
}

function batchesHeld(doc: Y.Doc): string[] {
  return [...doc.getMap<unknown>(FACT_BATCHES_MAP).values()].filter((v) => v instanceof Uint8Array).map((v) => Buffer.from(v as Uint8Array).toString('hex')).sort();
}

describe('reading the batches of a stored log document', () => {
  it('reads what the document holds, from its updates one by one and from a compacted snapshot alike', () => {
    const { q, doc, insert } = storage();
    const d = doc('t/l/log/2026-01');
    const map = d.getMap<Uint8Array>(FACT_BATCHES_MAP);
    for (let i = 0; i < 5; i++) map.set(`k${i}`, Uint8Array.of(1, i, 2, 3));
    d.transact(() => {
      for (let i = 5; i < 9; i++) map.set(`k${i}`, Uint8Array.of(2, i));
    });
    d.getMap(`${FACT_BATCHES_MAP}2`).set('k9', Uint8Array.of(3, 9)); // not a batch: another top-level map
    expect(batchesRead(q, 't/l/log/2026-01')).toEqual(batchesHeld(d));
    expect(batchesHeld(d)).toHaveLength(9);
    insert.run('t/l/log/2026-02', Y.encodeStateAsUpdate(d));
    expect(batchesRead(q, 't/l/log/2026-02')).toEqual(batchesHeld(d));
  });

  it('a key set again, a key removed, another map, or a nested type: still exactly what the document holds', () => {
    const rand = seededRandom(5);
    for (let round = 0; round < 60; round++) {
      const { q, doc } = storage();
      const d = doc('t/l/log/2026-03');
      const map = d.getMap<unknown>(FACT_BATCHES_MAP);
      const keys: string[] = [];
      for (let step = 0; step < 12; step++) {
        const r = rand();
        const bytes = Uint8Array.from({ length: 1 + Math.floor(rand() * 40) }, () => Math.floor(rand() * 256));
        if (r < 0.6 || keys.length === 0) map.set(`k${keys.push(`k${keys.length}`) - 1}`, bytes);
        else if (r < 0.7) map.set(keys[Math.floor(rand() * keys.length)]!, bytes);
        else if (r < 0.8) map.delete(keys[Math.floor(rand() * keys.length)]!);
        else if (r < 0.9) d.getMap('elsewhere').set(`x${step}`, bytes);
        else map.set(`nested${step}`, new Y.Map());
      }
      expect(batchesRead(q, 't/l/log/2026-03'), `round ${round}`).toEqual(batchesHeld(d));
    }
  });

  it('lists the log documents by month, earliest first, and nothing else', () => {
    const { q, insert } = storage();
    const update = Y.encodeStateAsUpdate(new Y.Doc());
    for (const name of ['t/a/log/2026-11', 't/directory', 't/b/log/2025-12', 't/a/ops', 't/b/log/2026-11', 't/a/log/2026-02']) insert.run(name, update);
    expect([...logDocumentsByMonth(q)]).toEqual([
      ['2025-12', ['t/b/log/2025-12']],
      ['2026-02', ['t/a/log/2026-02']],
      ['2026-11', ['t/a/log/2026-11', 't/b/log/2026-11']],
    ]);
  });
});
