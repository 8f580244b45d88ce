// How far a log document has been projected, kept with the projection (migration 007): the
// document's state vector when its last projection committed. Batches are set once under new keys,
// so a batch is projected exactly when the item that set it is covered by that state vector.
import * as Y from 'yjs';
import { FACT_BATCHES_MAP } from '../../domain/sync/fact-batch';
import type { HubDatabase } from '../storage/database';
import { withTenant, type TenantTransaction } from '../storage/tenant-scope';

export type StateVector = Map<number, number>;

/** The state vector projected so far; an empty one for a document never projected (or stored before migration 007). */
export async function readProjectedState(db: HubDatabase, tenantId: string, docName: string): Promise<StateVector> {
  const row = await withTenant(db, tenantId, (trx) => trx.selectFrom('projected_state').select('state_vector').where('doc_name', '=', docName).executeTakeFirst());
  return row ? Y.decodeStateVector(new Uint8Array(row.state_vector)) : new Map();
}

export async function recordProjectedState(trx: TenantTransaction, tenantId: string, docName: string, state_vector: Uint8Array): Promise<void> {
  await trx
    .insertInto('projected_state')
    .values({ tenant_id: tenantId, doc_name: docName, state_vector })
    .onConflict((oc) => oc.columns(['tenant_id', 'doc_name']).doUpdateSet({ state_vector }))
    .execute();
}

/** The batches of a log document set after `projected`. */
export function batchesAfter(doc: Y.Doc, projected: StateVector): Uint8Array[] {
  const map = doc.getMap<Uint8Array>(FACT_BATCHES_MAP);
  const out: Uint8Array[] = [];
  for (const [key, item] of map._map) {
    if (item.deleted || item.id.clock < (projected.get(item.id.client) ?? 0)) continue;
    const batch = map.get(key);
    if (batch instanceof Uint8Array) out.push(batch);
  }
  return out;
}

/** An ops document's projection mark (project-ops.ts) as last recorded; null for one never projected. */
export async function readProjectedMark(db: HubDatabase, tenantId: string, docName: string): Promise<Uint8Array | null> {
  const row = await withTenant(db, tenantId, (trx) => trx.selectFrom('projected_state').select('state_vector').where('doc_name', '=', docName).executeTakeFirst());
  return row ? new Uint8Array(row.state_vector) : null;
}
