import * as Y from 'yjs';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { SyncQuery } from '../db/sync-query';

/** A document whose stored updates do not rebuild it: which one, and the first update that fails. */
export interface DamagedDocument {
  doc: string;
  /** The `y_updates.seq` of the update that could not be read; null when every update reads but some are missing. */
  seq: number | null;
}

export type DocumentResult = { ok: true; doc: Y.Doc } | ({ ok: false } & DamagedDocument);

/**
 * Rebuilds one document from its stored updates, in order, the way the engine does at start-up
 * (DocStore.get), but reports damage instead of throwing: an update that does not decode, or a
 * document left waiting for changes that are not there (Yjs keeps those pending, silently).
 */
export function rebuildStoredDocument(q: SyncQuery, db: Kysely<Database>, name: string): DocumentResult {
  const doc = new Y.Doc({ gc: true });
  const rows = q.all(db.selectFrom('y_updates').select(['seq', 'update']).where('doc', '=', name).orderBy('seq'));
  for (const row of rows) {
    try {
      Y.applyUpdate(doc, row.update);
    } catch {
      doc.destroy();
      return { ok: false, doc: name, seq: row.seq };
    }
  }
  if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) {
    doc.destroy();
    return { ok: false, doc: name, seq: null };
  }
  return { ok: true, doc };
}

/** Every stored document, rebuilt one at a time (a year of log documents need not fit in memory at once). */
export function findDamagedDocument(q: SyncQuery, db: Kysely<Database>): DamagedDocument | null {
  const names = q.all(db.selectFrom('y_updates').select('doc').distinct().orderBy('doc')).map((r) => r.doc);
  for (const name of names) {
    const result = rebuildStoredDocument(q, db, name);
    if (!result.ok) return { doc: result.doc, seq: result.seq };
    result.doc.destroy();
  }
  return null;
}

/** The person's sentence for a damaged document (the backup refusal and `opsflow verify` share it). */
export function describeDamage(d: DamagedDocument): string {
  return d.seq === null
    ? `the document ${d.doc} cannot be rebuilt: some of its stored changes are missing`
    : `stored change ${d.seq} of the document ${d.doc} cannot be read`;
}
