import * as Y from 'yjs';
import { parseDocName } from '../../../domain/sync/doc-names';
import { FACT_BATCHES_MAP } from '../../../domain/sync/fact-batch';
import type { SyncQuery } from '../db/sync-query';

/** The log documents stored on this PC, by month ("2026-11"), earliest month first. */
export function logDocumentsByMonth(q: Pick<SyncQuery, 'sqlite'>): Map<string, string[]> {
  const byMonth = new Map<string, string[]>();
  for (const name of q.sqlite.prepare('SELECT DISTINCT doc FROM y_updates').pluck().all() as string[]) {
    const parsed = parseDocName(name);
    if (parsed?.kind !== 'log') continue;
    const names = byMonth.get(parsed.month);
    if (names) names.push(name);
    else byMonth.set(parsed.month, [name]);
  }
  return new Map([...byMonth].sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** A batch as a byte range of a larger buffer (a stored update), with a DataView over that buffer. */
export type BatchAt = (bytes: Uint8Array, view: DataView, start: number, end: number) => void;

/**
 * Every value of a log document's `batches` map, read from its stored updates. Nothing of the
 * document stays in memory after: checking a year of months holds one month at a time, and the
 * DocStore's own copies (the current month) are left alone.
 */
export function forEachLoggedBatch(q: Pick<SyncQuery, 'sqlite'>, docName: string, each: BatchAt): void {
  const updates = q.sqlite.prepare('SELECT "update" FROM y_updates WHERE doc = ? ORDER BY seq').pluck().all(docName) as Uint8Array[];
  // Where each update's batches sit (start, end pairs): handed out only once every update has been
  // read in place, since one that cannot be means the document must be built after all.
  const ranges: number[][] = [];
  try {
    for (const update of updates) ranges.push(addedBatches(update));
  } catch {
    forEachBatchOfBuiltDocument(updates, each);
    return;
  }
  updates.forEach((update, u) => {
    const view = new DataView(update.buffer, update.byteOffset, update.byteLength);
    const at = ranges[u]!;
    for (let k = 0; k < at.length; k += 2) each(update, view, at[k]!, at[k + 1]!);
  });
}

const BATCHES_KEY = new TextEncoder().encode(FACT_BATCHES_MAP);
// Yjs update encoding (v1): the first byte of a struct says what it is and what follows it.
const HAS_ORIGIN = 0b1000_0000;
const HAS_RIGHT_ORIGIN = 0b0100_0000;
const HAS_PARENT_SUB = 0b0010_0000;
const CONTENT = 0b0001_1111;
const CONTENT_GC = 0;
const CONTENT_BINARY = 3;
const SKIP = 10;

class NotOnlyAdds extends Error {}

/**
 * Where the binary values sit that an update sets under new keys of the top-level `batches` map
 * (start, end pairs), read straight from the update's encoding: building the document costs more
 * than all the rest of verifying its entries. New keys with binary values are all a log document
 * ever receives (a batch is set once under its own hash; the hub refuses overwrites and deletes).
 * Anything else — a key set again, a deletion, another kind of content — throws, and the document
 * is built instead.
 */
function addedBatches(u: Uint8Array): number[] {
  const ranges: number[] = [];
  let pos = 0;
  const varUint = (): number => {
    let value = 0;
    for (let scale = 1; ; scale *= 128) {
      if (pos >= u.length || scale > 2 ** 49) throw new NotOnlyAdds();
      const byte = u[pos++]!;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
    }
  };
  /** Skips a length-prefixed byte string; returns where it started. */
  const skipBytes = (): number => {
    const length = varUint();
    const start = pos;
    if (start + length > u.length) throw new NotOnlyAdds();
    pos += length;
    return start;
  };
  const clients = varUint();
  for (let c = 0; c < clients; c++) {
    const structs = varUint();
    varUint(); // client
    varUint(); // first clock
    for (let s = 0; s < structs; s++) {
      if (pos >= u.length) throw new NotOnlyAdds();
      const info = u[pos++]!;
      if (info === SKIP || (info & CONTENT) === CONTENT_GC) {
        varUint(); // length
        continue;
      }
      // An origin means the key was set before (or the item sits in a list): only the built document knows what stands.
      if (info & (HAS_ORIGIN | HAS_RIGHT_ORIGIN) || !(info & HAS_PARENT_SUB) || (info & CONTENT) !== CONTENT_BINARY) throw new NotOnlyAdds();
      if (varUint() !== 1) throw new NotOnlyAdds(); // the parent is a nested type, not a top-level map
      const parentStart = skipBytes();
      let inBatches = pos - parentStart === BATCHES_KEY.length;
      for (let k = 0; inBatches && k < BATCHES_KEY.length; k++) inBatches = u[parentStart + k] === BATCHES_KEY[k];
      skipBytes(); // the key: the batch's own hash
      const start = skipBytes();
      if (inBatches) ranges.push(start, pos);
    }
  }
  if (varUint() !== 0) throw new NotOnlyAdds(); // it deletes something
  return ranges;
}

function forEachBatchOfBuiltDocument(updates: Uint8Array[], each: BatchAt): void {
  const doc = new Y.Doc();
  try {
    for (const update of updates) {
      // A stored change that cannot be read is the documents check's to report; the entries it held
      // then show up here as entries the table has and the document does not.
      try {
        Y.applyUpdate(doc, update);
      } catch {
        continue;
      }
    }
    for (const value of doc.getMap(FACT_BATCHES_MAP).values()) {
      if (value instanceof Uint8Array) each(value, new DataView(value.buffer, value.byteOffset, value.byteLength), 0, value.length);
    }
  } finally {
    doc.destroy();
  }
}
