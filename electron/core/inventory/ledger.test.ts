import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import type { Engine } from '../engine';
import { call, closeTestEngines, failure, freshSetUpEngine, testClock } from '../testing/test-engine';
import { COLD_ON_RECEIPT, FLOUR, MILK, addItem, ledgerSum, onHandOf } from './inventory-fixture';
import { onHandSql } from './stock-views';
import { tablesRead } from '../testing/tables-read';

afterEach(closeTestEngines);

let engine: Engine;
let admin: SessionInfo;
let clock: ReturnType<typeof testClock>;
let here: string;
let flour: string;
let milk: string;

beforeEach(async () => {
  ({ engine, admin, clock } = await freshSetUpEngine());
  here = engine.context.identity()!.homeLocationId;
  flour = await addItem(engine, admin.token, FLOUR);
  milk = await addItem(engine, admin.token, MILK);
});

describe('the stock ledger', () => {
  it('a delivery in sacks, usage in kilos and waste in grams leave the balance in grams, each a movement in the history', async () => {
    await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: 'Monday delivery', lines: [{ itemId: flour, packName: 'sack', qty: 2, lot: '', expiresOn: null }] }, admin.token);
    await call(engine, 'inventory.use', { locationId: here, itemId: flour, packName: 'kg', qty: 1.5, note: '' }, admin.token);
    await call(engine, 'inventory.waste', { locationId: here, itemId: flour, packName: 'g', qty: 250, reason: 'spoiled', note: 'damp bag' }, admin.token);
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(50_000 - 1500 - 250);
    const page = await call(engine, 'inventory.history', { locationId: here, itemId: flour }, admin.token);
    expect(page.movements.map((m) => [m.kind, m.deltaBase, m.reason])).toEqual([
      ['waste', -250, 'spoiled'],
      ['use', -1500, ''],
      ['receive', 50_000, ''],
    ]);
  });

  it('the on-hand list values stock at its unit cost', async () => {
    await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 1, lot: '', expiresOn: null }] }, admin.token);
    const [row] = await call(engine, 'inventory.onHand', { locationId: here }, admin.token);
    expect(row).toMatchObject({ onHandBase: 25_000, valueCents: 2000, belowReorderPoint: true });
  });

  it('a quantity that is not a whole number of base units is refused, and nothing moves', async () => {
    await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 1, lot: '', expiresOn: null }] }, admin.token);
    const result = await engine.dispatch({ method: 'inventory.use', input: { locationId: here, itemId: flour, packName: 'kg', qty: 0.0005, note: '' }, token: admin.token });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: '0.0005 × kg is not a whole number of base units; enter it in a smaller pack.' } });
    expect(ledgerSum(engine, here, flour)).toBe(25_000);
  });

  it('using more than is on hand is refused with what there is', async () => {
    await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'kg', qty: 2, lot: '', expiresOn: null }] }, admin.token);
    const result = await engine.dispatch({ method: 'inventory.use', input: { locationId: here, itemId: flour, packName: 'kg', qty: 3, note: '' }, token: admin.token });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'Only 2000 base units are on hand; 3000 were asked for.' } });
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(2000);
  });

  it('a mistake is fixed by a reversal linked to it; the original stays, and neither can be reversed again', async () => {
    await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 1, lot: '', expiresOn: null }] }, admin.token);
    const [used] = await call(engine, 'inventory.use', { locationId: here, itemId: flour, packName: 'kg', qty: 10, note: '' }, admin.token);
    const reversal = await call(engine, 'inventory.reverse', { movementId: used!.id, reason: 'typed 10 for 1' }, admin.token);
    expect(reversal).toMatchObject({ kind: 'reversal', deltaBase: 10_000, reversesId: used!.id, reason: 'typed 10 for 1' });
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(25_000);
    const page = await call(engine, 'inventory.history', { locationId: here, itemId: flour }, admin.token);
    expect(page.movements.find((m) => m.id === used!.id)).toMatchObject({ kind: 'use', deltaBase: -10_000, reversedById: reversal.id });
    expect(await failure(engine, 'inventory.reverse', { movementId: used!.id, reason: 'again' }, admin.token)).toBe('CONFLICT');
    expect(await failure(engine, 'inventory.reverse', { movementId: reversal.id, reason: 'undo' }, admin.token)).toBe('CONFLICT');
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(25_000);
  });

  it('the ledger table refuses to change or lose a movement, even from SQL', async () => {
    await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 1, lot: '', expiresOn: null }] }, admin.token);
    const sqlite = engine.context.sqlite;
    expect(() => sqlite.prepare('UPDATE stock_movements SET delta_base = 1').run()).toThrow(/never changed/);
    expect(() => sqlite.prepare('DELETE FROM stock_movements').run()).toThrow(/never deleted/);
    expect(ledgerSum(engine, here, flour)).toBe(25_000);
  });

  it('the on-hand list reads the materialized balances, never the ledger, whatever the filters', () => {
    for (const search of ['', 'mil']) {
      for (const onlyBelowReorderPoint of [false, true]) {
        const sql = onHandSql({ search, category: 'Dairy', storageArea: null, onlyBelowReorderPoint });
        const tables = tablesRead(engine.context.sqlite, sql, { locationId: here, today: '2026-11-22', search: '%x%', category: 'Dairy', storageArea: null });
        expect(tables).toEqual(['inventory_items', 'stock_balances', 'stock_lots']);
      }
    }
  });

  it('the history pages back through time without repeating or skipping a movement', async () => {
    await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 4, lot: '', expiresOn: null }] }, admin.token);
    for (let i = 0; i < 7; i++) {
      clock.advance(1000);
      await call(engine, 'inventory.use', { locationId: here, itemId: flour, packName: 'g', qty: i + 1, note: '' }, admin.token);
    }
    const seen: number[] = [];
    let before: string | null = null;
    do {
      const page: Awaited<ReturnType<typeof call<'inventory.history'>>> = await call(engine, 'inventory.history', { locationId: here, itemId: flour, before, limit: 3 }, admin.token);
      seen.push(...page.movements.map((m) => m.deltaBase));
      before = page.nextBefore;
    } while (before);
    expect(seen).toEqual([-7, -6, -5, -4, -3, -2, -1, 100_000]);
  });
});

describe('lots and expiry', () => {
  async function receiveMilk(lot: string, expiresOn: string | null, cases: number) {
    await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: milk, packName: 'case', qty: cases, lot, expiresOn, receivingCheck: COLD_ON_RECEIPT }] }, admin.token);
  }

  it('using stock takes the lot that expires first (FEFO), across lots when one is not enough', async () => {
    // The clock reads 22 Nov 2026 at the location.
    await receiveMilk('LATE', '2026-12-01', 1);
    await receiveMilk('SOON', '2026-11-24', 1);
    expect((await call(engine, 'inventory.lots', { locationId: here, itemId: milk }, admin.token)).map((l) => [l.lot, l.state])).toEqual([
      ['SOON', 'expiringSoon'],
      ['LATE', 'fresh'],
    ]);
    const used = await call(engine, 'inventory.use', { locationId: here, itemId: milk, packName: 'L', qty: 8, note: '' }, admin.token);
    expect(used.map((m) => [m.lot, m.deltaBase])).toEqual([
      ['SOON', -6000],
      ['LATE', -2000],
    ]);
    expect((await call(engine, 'inventory.lots', { locationId: here, itemId: milk }, admin.token)).map((l) => [l.lot, l.onHandBase])).toEqual([['LATE', 4000]]);
  });

  it('expired stock is flagged, left out of use, and wasted first', async () => {
    await receiveMilk('OLD', '2026-11-20', 1);
    await receiveMilk('NEW', '2026-11-30', 1);
    const [row] = await call(engine, 'inventory.onHand', { locationId: here }, admin.token);
    expect(row).toMatchObject({ onHandBase: 12_000, expiredBase: 6000 });
    expect((await call(engine, 'inventory.expiring', { locationId: here, leadDays: 3 }, admin.token)).map((r) => [r.lot, r.state])).toEqual([['OLD', 'expired']]);
    expect((await call(engine, 'inventory.expiring', { locationId: here, leadDays: 10 }, admin.token)).map((r) => [r.lot, r.state])).toEqual([
      ['OLD', 'expired'],
      ['NEW', 'expiringSoon'],
    ]);
    const used = await call(engine, 'inventory.use', { locationId: here, itemId: milk, packName: 'L', qty: 1, note: '' }, admin.token);
    expect(used.map((m) => m.lot)).toEqual(['NEW']);
    const result = await engine.dispatch({ method: 'inventory.use', input: { locationId: here, itemId: milk, packName: 'L', qty: 6, note: '' }, token: admin.token });
    expect(result).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'Only 5000 base units are on hand that have not expired (6000 more have expired: record them as waste); 6000 were asked for.' } });
    const wasted = await call(engine, 'inventory.waste', { locationId: here, itemId: milk, packName: 'case', qty: 1, reason: 'expired', note: '' }, admin.token);
    expect(wasted.map((m) => [m.lot, m.deltaBase])).toEqual([['OLD', -6000]]);
  });

  it('a perishable delivery needs its lot, and takes its expiry from the shelf life when the label has none', async () => {
    const result = await engine.dispatch({ method: 'inventory.receive', input: { locationId: here, supplierId: null, note: '', lines: [{ itemId: milk, packName: 'case', qty: 1, lot: '', expiresOn: null }] }, token: admin.token });
    expect(result).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: 'Line 1: Milk is perishable; enter the lot number from the label.' } });
    expect(ledgerSum(engine, here, milk)).toBe(0);
    await receiveMilk('L1', null, 1);
    expect(await call(engine, 'inventory.lots', { locationId: here, itemId: milk }, admin.token)).toEqual([{ lot: 'L1', expiresOn: '2026-11-29', onHandBase: 6000, state: 'fresh' }]);
  });

  it('low stock lists items under their reorder point with an order up to par in whole packs', async () => {
    await receiveMilk('L1', '2026-12-01', 1);
    expect(await call(engine, 'inventory.lowStock', { locationId: here }, admin.token)).toEqual([
      expect.objectContaining({ itemName: 'Flour', onHandBase: 0, suggested: { packName: 'sack', packs: 4, baseQty: 100_000 } }),
      expect.objectContaining({ itemName: 'Milk', onHandBase: 6000, suggested: { packName: 'case', packs: 3, baseQty: 18_000 } }),
    ]);
  });
});

describe('transfers between locations', () => {
  it('stock leaves at once, is in transit until the receiving location confirms, and arrives with its lots', async () => {
    const uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '9 Hill Rd', timeZone: 'America/New_York', temperatureUnit: 'F' }, admin.token);
    await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: milk, packName: 'case', qty: 2, lot: 'M7', expiresOn: '2026-11-30', receivingCheck: COLD_ON_RECEIPT }] }, admin.token);
    const transfer = await call(engine, 'inventory.transfer', { fromLocationId: here, toLocationId: uptown.id, note: 'short at Uptown', lines: [{ itemId: milk, packName: 'case', qty: 1 }] }, admin.token);
    expect(await onHandOf(engine, admin.token, here, milk)).toBe(6000);
    expect(await onHandOf(engine, admin.token, uptown.id, milk)).toBe(0);
    for (const at of [here, uptown.id]) {
      expect(await call(engine, 'inventory.inTransit', { locationId: at }, admin.token)).toEqual([
        expect.objectContaining({ transferId: transfer.transferId, fromLocationId: here, toLocationId: uptown.id, lines: [expect.objectContaining({ lot: 'M7', qtyBase: 6000 })] }),
      ]);
    }
    // Only the receiving location confirms.
    expect(await failure(engine, 'inventory.confirmTransfer', { locationId: here, transferId: transfer.transferId }, admin.token)).toBe('NOT_FOUND');
    await call(engine, 'inventory.confirmTransfer', { locationId: uptown.id, transferId: transfer.transferId }, admin.token);
    expect(await onHandOf(engine, admin.token, uptown.id, milk)).toBe(6000);
    expect(await call(engine, 'inventory.lots', { locationId: uptown.id, itemId: milk }, admin.token)).toEqual([{ lot: 'M7', expiresOn: '2026-11-30', onHandBase: 6000, state: 'fresh' }]);
    expect(await call(engine, 'inventory.inTransit', { locationId: here }, admin.token)).toEqual([]);
    expect(await failure(engine, 'inventory.confirmTransfer', { locationId: uptown.id, transferId: transfer.transferId }, admin.token)).toBe('CONFLICT');
    expect(await onHandOf(engine, admin.token, uptown.id, milk)).toBe(6000);
  });

  it('the sender can call back a transfer still in transit, but not one already received', async () => {
    const uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '', timeZone: 'America/New_York', temperatureUnit: 'F' }, admin.token);
    await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 2, lot: '', expiresOn: null }] }, admin.token);
    const sent = await call(engine, 'inventory.transfer', { fromLocationId: here, toLocationId: uptown.id, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 1 }] }, admin.token);
    const [out] = (await call(engine, 'inventory.history', { locationId: here, itemId: flour }, admin.token)).movements;
    expect(out).toMatchObject({ kind: 'transferOut', transferId: sent.transferId });
    await call(engine, 'inventory.reverse', { movementId: out!.id, reason: 'wrong restaurant' }, admin.token);
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(50_000);
    expect(await call(engine, 'inventory.inTransit', { locationId: uptown.id }, admin.token)).toEqual([]);
    const confirm = await engine.dispatch({ method: 'inventory.confirmTransfer', input: { locationId: uptown.id, transferId: sent.transferId }, token: admin.token });
    expect(confirm).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'The sender called this transfer back; nothing is on its way.' } });
    expect(await onHandOf(engine, admin.token, uptown.id, flour)).toBe(0);

    const again = await call(engine, 'inventory.transfer', { fromLocationId: here, toLocationId: uptown.id, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 1 }] }, admin.token);
    await call(engine, 'inventory.confirmTransfer', { locationId: uptown.id, transferId: again.transferId }, admin.token);
    const [secondOut] = (await call(engine, 'inventory.history', { locationId: here, itemId: flour }, admin.token)).movements;
    const late = await engine.dispatch({ method: 'inventory.reverse', input: { movementId: secondOut!.id, reason: 'too late' }, token: admin.token });
    expect(late).toMatchObject({ ok: false, error: { code: 'CONFLICT', message: 'This transfer was already received; transfer the stock back instead.' } });
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(25_000);
    expect(await onHandOf(engine, admin.token, uptown.id, flour)).toBe(25_000);
  });
});
