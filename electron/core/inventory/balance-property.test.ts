import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import type { Engine } from '../engine';
import { call, closeTestEngines, freshSetUpEngine } from '../testing/test-engine';
import { COLD_ON_RECEIPT, MILK, addItem, ledgerSum } from './inventory-fixture';

/**
 * The invariant of the stock ledger: whatever people do, in whatever order, the materialized
 * balance of every item at every location equals the sum of its movements, and its lots add up to
 * it. Each run drives the engine through its contract with a random sequence on a fresh item;
 * refused steps (more than on hand, a second reversal) must change nothing either.
 */
const LOTS = ['A', 'B', 'C', ''] as const;
const DAYS = ['2026-11-20', '2026-11-25', '2026-12-05', null] as const;

const step = fc.oneof(
  fc.record({ op: fc.constant('receive' as const), at: fc.nat(1), lot: fc.constantFrom('A', 'B', 'C'), expires: fc.constantFrom(...DAYS), qty: fc.integer({ min: 1, max: 5000 }) }),
  fc.record({ op: fc.constant('use' as const), at: fc.nat(1), qty: fc.integer({ min: 1, max: 4000 }), lot: fc.option(fc.constantFrom(...LOTS), { nil: null }) }),
  fc.record({ op: fc.constant('waste' as const), at: fc.nat(1), qty: fc.integer({ min: 1, max: 4000 }) }),
  fc.record({ op: fc.constant('reverse' as const), pick: fc.nat() }),
  fc.record({ op: fc.constant('transfer' as const), at: fc.nat(1), qty: fc.integer({ min: 1, max: 3000 }), confirm: fc.boolean() }),
  fc.record({ op: fc.constant('count' as const), at: fc.nat(1), counted: fc.integer({ min: 0, max: 9000 }) }),
);

let engine: Engine;
let admin: SessionInfo;
let locations: string[];

beforeAll(async () => {
  ({ engine, admin } = await freshSetUpEngine());
  const uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '', timeZone: 'America/New_York', temperatureUnit: 'F' }, admin.token);
  locations = [engine.context.identity()!.homeLocationId, uptown.id];
});
afterAll(closeTestEngines);

function lotSum(locationId: string, itemId: string): number {
  return Number(engine.context.sqlite.prepare('SELECT COALESCE(SUM(on_hand_base), 0) FROM stock_lots WHERE location_id = ? AND item_id = ?').pluck().get(locationId, itemId));
}

function balance(locationId: string, itemId: string): number {
  return Number(engine.context.sqlite.prepare('SELECT COALESCE(MAX(on_hand_base), 0) FROM stock_balances WHERE location_id = ? AND item_id = ?').pluck().get(locationId, itemId));
}

describe('balance equals the ledger sum', () => {
  it('under random sequences of receipts, use, waste, reversals, transfers and counts', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (steps) => {
        const itemId = await addItem(engine, admin.token, { ...MILK, name: `Milk ${run++}`, sku: '' });
        const movementIds: string[] = [];
        for (const s of steps) {
          const locationId = 'at' in s ? locations[s.at]! : locations[0]!;
          const before = locations.map((l) => ledgerSum(engine, l, itemId));
          let result;
          switch (s.op) {
            case 'receive':
              result = await engine.dispatch({ method: 'inventory.receive', input: { locationId, supplierId: null, note: '', lines: [{ itemId, packName: 'ml', qty: s.qty, lot: s.lot, expiresOn: s.expires, receivingCheck: COLD_ON_RECEIPT }] }, token: admin.token });
              break;
            case 'use':
              result = await engine.dispatch({ method: 'inventory.use', input: { locationId, itemId, packName: 'ml', qty: s.qty, lot: s.lot, note: '' }, token: admin.token });
              break;
            case 'waste':
              result = await engine.dispatch({ method: 'inventory.waste', input: { locationId, itemId, packName: 'ml', qty: s.qty, reason: 'spoiled', note: '' }, token: admin.token });
              break;
            case 'reverse':
              if (movementIds.length === 0) continue;
              result = await engine.dispatch({ method: 'inventory.reverse', input: { movementId: movementIds[s.pick % movementIds.length]!, reason: 'mistake' }, token: admin.token });
              break;
            case 'transfer': {
              const to = locations[1 - s.at]!;
              result = await engine.dispatch({ method: 'inventory.transfer', input: { fromLocationId: locationId, toLocationId: to, note: '', lines: [{ itemId, packName: 'ml', qty: s.qty }] }, token: admin.token });
              if (result.ok && s.confirm) {
                const sent = result.output as { transferId: string };
                result = await engine.dispatch({ method: 'inventory.confirmTransfer', input: { locationId: to, transferId: sent.transferId }, token: admin.token });
              }
              break;
            }
            case 'count': {
              const started = await call(engine, 'inventory.startCount', { locationId, storageArea: MILK.storageArea }, admin.token);
              await call(engine, 'inventory.enterCount', { countId: started.id, itemId, packName: 'ml', qty: s.counted }, admin.token);
              await call(engine, 'inventory.submitCount', { countId: started.id }, admin.token);
              result = await engine.dispatch({ method: 'inventory.approveCount', input: { countId: started.id }, token: admin.token });
              // The count puts the shelf's number on the books.
              expect(ledgerSum(engine, locationId, itemId)).toBe(s.counted);
              break;
            }
          }
          if (result.ok) {
            const out = result.output as { id?: string } | { id: string }[];
            for (const m of Array.isArray(out) ? out : 'id' in out && out.id ? [out] : []) if (m.id) movementIds.push(m.id);
          } else {
            // A refused step changes nothing.
            expect(locations.map((l) => ledgerSum(engine, l, itemId))).toEqual(before);
          }
          for (const l of locations) {
            expect(balance(l, itemId)).toBe(ledgerSum(engine, l, itemId));
            expect(lotSum(l, itemId)).toBe(ledgerSum(engine, l, itemId));
          }
        }
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
