import { v7 as uuidv7 } from 'uuid';
import { encodeMovementBatch } from '../../../domain/inventory/movement-batch';
import { movementFact, type MovementFact } from '../../../domain/inventory/movements';
import { logDocName } from '../../../domain/sync/doc-names';
import { OpsFlowError } from '../../../domain/errors';
import type { AuditActor } from '../audit/audit-writer';
import type { Store } from '../store';
import { appendFactBatch } from '../sync/fact-batches';

/** A movement as a writer describes it; the ledger adds its id, time and who. */
export type MovementDraft = Pick<MovementFact, 'kind' | 'itemId' | 'deltaBase'> & Partial<Omit<MovementFact, 'id' | 'atMs' | 'actorId' | 'actorName'>>;

/**
 * Posts movements at a location as one immutable batch in the location's log document of this
 * month. The projection writes the ledger rows and the triggers the balances, in the same SQLite
 * transaction as the document update: a crash leaves neither or both.
 */
export function postMovements(store: Store, locationId: string, drafts: readonly MovementDraft[], actor: AuditActor): MovementFact[] {
  const identity = store.identity();
  if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before recording stock.');
  if (drafts.length === 0) return [];
  const atMs = store.now();
  const facts: MovementFact[] = drafts.map((d) => ({
    id: uuidv7(),
    lot: '',
    expiresOn: null,
    reason: '',
    note: '',
    supplierId: null,
    reversesId: null,
    transferId: null,
    otherLocationId: null,
    countId: null,
    unitCostMilliCents: 0,
    ...d,
    atMs,
    actorId: actor.id,
    actorName: actor.name,
  }));
  // The projection skips a malformed batch whole; refusing it here keeps a bug from losing stock silently.
  for (const fact of facts) {
    const checked = movementFact.safeParse(fact);
    if (!checked.success) throw new Error(`A ${fact.kind} movement of item ${fact.itemId} is malformed: ${checked.error.issues[0]?.message}`);
  }
  const batch = encodeMovementBatch(facts);
  store.docs.change(logDocName(identity.tenantId, locationId, atMs), (doc) => {
    appendFactBatch(doc, batch);
  });
  return facts;
}
