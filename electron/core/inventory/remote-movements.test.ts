import * as Y from 'yjs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import { encodeMovementBatch } from '../../../domain/inventory/movement-batch';
import type { MovementFact } from '../../../domain/inventory/movements';
import { encodeReceivingCheckBatch, type ReceivingCheckFact } from '../../../domain/inventory/receiving-check';
import { logDocName } from '../../../domain/sync/doc-names';
import { BATCH_KIND, FACT_BATCHES_MAP, packBatch } from '../../../domain/sync/fact-batch';
import type { Engine } from '../engine';
import { call, closeTestEngines, freshSetUpEngine } from '../testing/test-engine';
import { FLOUR, addItem, ledgerSum, onHandOf } from './inventory-fixture';

/**
 * Movements made at another PC arrive as updates of the location's log document. Two sites never
 * overwrite a number: each batch adds its movements, the same batch twice adds nothing, and a
 * damaged batch from elsewhere is skipped whole.
 */
afterEach(closeTestEngines);

let engine: Engine;
let admin: SessionInfo;
let here: string;
let flour: string;
let docName: string;

beforeEach(async () => {
  ({ engine, admin } = await freshSetUpEngine());
  here = engine.context.identity()!.homeLocationId;
  flour = await addItem(engine, admin.token, FLOUR);
  docName = logDocName(engine.context.identity()!.tenantId, here, engine.context.now());
});

function fact(id: string, kind: MovementFact['kind'], deltaBase: number): MovementFact {
  return {
    id, kind, itemId: flour, deltaBase, lot: '', expiresOn: null, atMs: engine.context.now(), actorId: null, actorName: 'Bo at the other PC', reason: '', note: '',
    supplierId: null, reversesId: null, transferId: null, otherLocationId: null, countId: null, unitCostMilliCents: 80,
  };
}

/** An update of the log document as the other PC would send it, holding one batch. */
function updateWith(key: string, batch: Uint8Array): Uint8Array {
  const remote = new Y.Doc();
  remote.getMap<Uint8Array>(FACT_BATCHES_MAP).set(key, batch);
  return Y.encodeStateAsUpdate(remote);
}

describe('movements from another PC', () => {
  it('add to the balance; the same movements arriving again in another batch count once', async () => {
    const batch = encodeMovementBatch([fact('r-1', 'receive', 25_000), fact('r-2', 'use', -5000)]);
    engine.context.docs.applyRemote(docName, updateWith('batch-a', batch));
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(20_000);
    // The same facts re-sent under another key (a retry that re-packed them): nothing more.
    engine.context.docs.applyRemote(docName, updateWith('batch-b', encodeMovementBatch([fact('r-1', 'receive', 25_000)])));
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(20_000);
    expect(ledgerSum(engine, here, flour)).toBe(20_000);
  });

  it('a damaged or malformed batch is skipped whole: no movement of it is counted', async () => {
    const wrongWay = encodeMovementBatch([fact('ok-1', 'receive', 1000), { ...fact('bad-1', 'use', -1), deltaBase: 500 }]);
    const truncated = encodeMovementBatch([fact('ok-2', 'receive', 1000)]).subarray(0, 20);
    const garbage = packBatch(BATCH_KIND.stockMovements, new TextEncoder().encode('{"not":"a batch"}'));
    for (const [key, batch] of [['wrong-way', wrongWay], ['truncated', truncated], ['garbage', garbage]] as const) {
      engine.context.docs.applyRemote(docName, updateWith(key, batch));
    }
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(0);
    expect(ledgerSum(engine, here, flour)).toBe(0);
  });
});

describe('receiving checks from another PC', () => {
  it('show with the receipt they belong to; a rejected line from there shows as rejected, a malformed check is skipped', async () => {
    const check = (id: string, movementId: string | null): ReceivingCheckFact => ({
      id, itemId: flour, itemName: 'Flour', supplierId: null, holding: 'cold', tempCentiC: 320, receivedFrozen: false, passed: true, decision: movementId ? 'accepted' : 'rejected',
      correctiveAction: '', qtyBase: 25_000, lot: '', movementId, atMs: engine.context.now(), actorId: null, actorName: 'Bo at the other PC',
    });
    engine.context.docs.applyRemote(docName, updateWith('moves', encodeMovementBatch([fact('r-1', 'receive', 25_000)])));
    engine.context.docs.applyRemote(docName, updateWith('checks', encodeReceivingCheckBatch([check('c-1', 'r-1'), check('c-2', null)])));
    engine.context.docs.applyRemote(docName, updateWith('bad', encodeReceivingCheckBatch([{ ...check('c-3', null), decision: 'accepted' }])));
    const { movements } = await call(engine, 'inventory.history', { locationId: here, itemId: flour }, admin.token);
    expect(movements.map((m) => [m.id, m.receivingCheck?.id, m.receivingCheck?.tempCentiC])).toEqual([['r-1', 'c-1', 320]]);
    expect((await call(engine, 'inventory.receivingChecks', { locationId: here, itemId: flour }, admin.token)).map((c) => [c.id, c.decision]).sort()).toEqual([
      ['c-1', 'accepted'],
      ['c-2', 'rejected'],
    ]);
  });
});
