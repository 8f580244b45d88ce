import * as Y from 'yjs';
import { describe, expect, it } from 'vitest';
import { FACT_BATCHES_MAP } from '../../../domain/sync/fact-batch';
import { appendFactBatch } from './fact-batches';

describe('appending a fact batch to a log document', () => {
  it('sets it once under its SHA-256: the same batch again writes nothing the hub would refuse as an overwrite', () => {
    const doc = new Y.Doc();
    const updates: Uint8Array[] = [];
    doc.on('update', (update: Uint8Array) => updates.push(update));
    const batch = new Uint8Array([2, 1, 2, 3]);
    const key = appendFactBatch(doc, batch);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(appendFactBatch(doc, Uint8Array.from(batch))).toBe(key);
    expect(updates).toHaveLength(1);
    expect([...doc.getMap(FACT_BATCHES_MAP).keys()]).toEqual([key]);
  });

  it('another batch gets a key of its own', () => {
    const doc = new Y.Doc();
    const a = appendFactBatch(doc, new Uint8Array([2, 1]));
    const b = appendFactBatch(doc, new Uint8Array([2, 2]));
    expect(a).not.toBe(b);
    expect(doc.getMap(FACT_BATCHES_MAP).size).toBe(2);
  });
});
