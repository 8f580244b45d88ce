// A document is stored as the updates that made it, appended in order; past a threshold they are
// merged into one snapshot row. Nothing else about a document lives only in a hub's memory, so a
// second hub process sharing the database rebuilds the same document from these rows.
import * as Y from 'yjs';
import type { HubDatabase } from './database';
import { toMs } from './schema';
import { withTenant } from './tenant-scope';
import { updateSealer, type UpdateSealer } from './update-sealer';

/** Without a secrets key: every document but the credentials documents, stored as it is. */
export const NO_SECRETS_KEY = updateSealer(null);


export async function appendUpdate(db: HubDatabase, tenantId: string, docName: string, update: Uint8Array, sealer: UpdateSealer = NO_SECRETS_KEY): Promise<void> {
  await withTenant(db, tenantId, (trx) =>
    trx.insertInto('doc_updates').values({ tenant_id: tenantId, doc_name: docName, update: sealer.seal(docName, update) }).execute(),
  );
}

export async function loadUpdates(db: HubDatabase, tenantId: string, docName: string, sealer: UpdateSealer = NO_SECRETS_KEY): Promise<Uint8Array[]> {
  const rows = await withTenant(db, tenantId, (trx) =>
    trx.selectFrom('doc_updates').select('update').where('doc_name', '=', docName).orderBy('seq').execute(),
  );
  return rows.map((row) => sealer.open(docName, new Uint8Array(row.update)));
}

/**
 * Merges every stored update of the document into one snapshot row. The merge runs outside the
 * transaction; the transaction only swaps the rows it read for the snapshot, so appends carry on
 * meanwhile (they get later sequence numbers and are left alone). If another process compacted
 * the same rows first, this one rolls back and reports 0.
 */
export async function compactDocument(db: HubDatabase, tenantId: string, docName: string, sealer: UpdateSealer = NO_SECRETS_KEY): Promise<number> {
  const rows = await withTenant(db, tenantId, (trx) =>
    trx.selectFrom('doc_updates').select(['seq', 'update']).where('doc_name', '=', docName).orderBy('seq').execute(),
  );
  if (rows.length < 2) return 0;
  const lastSeq = toMs(rows[rows.length - 1]!.seq);
  const snapshot = sealer.seal(docName, Y.mergeUpdates(rows.map((row) => sealer.open(docName, new Uint8Array(row.update)))));
  try {
    await withTenant(db, tenantId, async (trx) => {
      const deleted = await trx
        .deleteFrom('doc_updates')
        .where('doc_name', '=', docName)
        .where('seq', '<=', String(lastSeq))
        .returning('seq')
        .execute();
      if (deleted.length !== rows.length) throw new CompactedElsewhere();
      await trx.insertInto('doc_updates').values({ tenant_id: tenantId, doc_name: docName, seq: String(lastSeq), update: snapshot }).execute();
    });
  } catch (error) {
    if (error instanceof CompactedElsewhere) return 0;
    throw error;
  }
  return rows.length;
}

class CompactedElsewhere extends Error {}
