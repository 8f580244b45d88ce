import { describe, expect, it } from 'vitest';
import { catalogRowToItem, formatMilliCents } from './catalog-csv';
import { countVariances } from './count-variance';
import { addDays, expiryState } from './expiry';
import { allocateFefo, fefoOrder } from './fefo';
import { movementFact } from './movements';
import { suggestedOrder } from './reorder';
import { describeQty, findPack, toBaseQty, valueCents } from './units';

const CASE = { name: 'case', baseQty: 6000 };

describe('pack sizes and base units', () => {
  it('converts any pack to whole base units and refuses a quantity that is not one', () => {
    expect(toBaseQty(2.5, CASE)).toBe(15_000);
    expect(toBaseQty(0.1 * 3, { name: 'kg', baseQty: 1000 })).toBe(300);
    expect(() => toBaseQty(1.00005, { name: 'kg', baseQty: 1000 })).toThrow('1.00005 × kg is not a whole number of base units; enter it in a smaller pack.');
    expect(findPack('ml', [CASE], 'ml')).toEqual({ name: 'ml', baseQty: 1 });
    expect(() => findPack('ml', [CASE], 'crate')).toThrow('"crate" is not a pack size of this item (it has ml, case).');
  });

  it('describes a quantity in the largest packs that fit, and values it without float drift', () => {
    expect(describeQty(13_500, 'ml', [{ name: 'L', baseQty: 1000 }, CASE])).toBe('2 case + 1 L + 500 ml');
    expect(describeQty(-250, 'g', [])).toBe('-250 g');
    expect(valueCents(37_500, 80)).toBe(3000);
    expect(formatMilliCents(80)).toBe('0.08');
    expect(formatMilliCents(12_340)).toBe('12.34');
  });
});

describe('first expiring, first out', () => {
  const lots = [
    { lot: 'NODATE', expiresOn: null, onHandBase: 100 },
    { lot: 'LATE', expiresOn: '2026-12-10', onHandBase: 100 },
    { lot: 'OLD', expiresOn: '2026-11-01', onHandBase: 100 },
    { lot: 'SOON', expiresOn: '2026-11-25', onHandBase: 100 },
  ];

  it('orders lots by expiry, undated last', () => {
    expect(fefoOrder(lots).map((l) => l.lot)).toEqual(['OLD', 'SOON', 'LATE', 'NODATE']);
  });

  it('uses the soonest lot in date first and skips expired stock, which waste takes first', () => {
    expect(allocateFefo(lots, 150, { today: '2026-11-22', includeExpired: false })).toEqual([
      { lot: 'SOON', expiresOn: '2026-11-25', qtyBase: 100 },
      { lot: 'LATE', expiresOn: '2026-12-10', qtyBase: 50 },
    ]);
    expect(allocateFefo(lots, 50, { today: '2026-11-22', includeExpired: true })).toEqual([{ lot: 'OLD', expiresOn: '2026-11-01', qtyBase: 50 }]);
    expect(() => allocateFefo(lots, 301, { today: '2026-11-22', includeExpired: false })).toThrow(/Only 300 base units are on hand that have not expired \(100 more have expired/);
  });

  it('calls a lot expired the day after its date, and expiring soon within the lead time', () => {
    expect(expiryState({ expiresOn: '2026-11-22' }, '2026-11-22', 3)).toBe('expiringSoon');
    expect(expiryState({ expiresOn: '2026-11-21' }, '2026-11-22', 3)).toBe('expired');
    expect(expiryState({ expiresOn: '2026-11-26' }, '2026-11-22', 3)).toBe('fresh');
    expect(addDays('2026-12-30', 3)).toBe('2027-01-02');
  });
});

describe('reorder and count variance', () => {
  it('suggests whole cases up to par only below the reorder point', () => {
    expect(suggestedOrder(5000, 12_000, 24_000, [CASE, { name: 'L', baseQty: 1000 }])).toEqual({ packName: 'case', packs: 4, baseQty: 24_000 });
    expect(suggestedOrder(12_000, 12_000, 24_000, [CASE])).toBeNull();
    expect(suggestedOrder(3, 5, 10, [])).toEqual({ packName: null, packs: 7, baseQty: 7 });
  });

  it('gives the variance in base units and cents', () => {
    expect(countVariances([{ itemId: 'a', countedBase: 37_500, expectedBase: 50_000, unitCostMilliCents: 80 }])).toEqual([
      { itemId: 'a', countedBase: 37_500, expectedBase: 50_000, varianceBase: -12_500, varianceCents: -1000 },
    ]);
  });
});

describe('a movement fact', () => {
  const base = {
    id: 'm1', kind: 'use', itemId: 'i', deltaBase: -5, lot: '', expiresOn: null, atMs: 1, actorId: null, actorName: 'x', reason: '', note: '',
    supplierId: null, reversesId: null, transferId: null, otherLocationId: null, countId: null, unitCostMilliCents: 0,
  } as const;

  it('must move stock the way its kind says, and only a reversal names what it reverses', () => {
    expect(movementFact.safeParse(base).success).toBe(true);
    expect(movementFact.safeParse({ ...base, deltaBase: 5 }).success).toBe(false);
    expect(movementFact.safeParse({ ...base, deltaBase: 0, kind: 'countAdjustment' }).success).toBe(false);
    expect(movementFact.safeParse({ ...base, deltaBase: 1.5 }).success).toBe(false);
    expect(movementFact.safeParse({ ...base, kind: 'reversal' }).success).toBe(false);
    expect(movementFact.safeParse({ ...base, kind: 'reversal', reversesId: 'm0' }).success).toBe(true);
    expect(movementFact.safeParse({ ...base, kind: 'transferOut' }).success).toBe(false);
  });
});

describe('a catalog CSV row', () => {
  const row = { name: 'Milk', sku: 'M', category: 'Dairy', storage_area: 'Walk-in', base_unit: 'ml', packs: 'case=6000', par: '100', reorder_point: '50', unit_cost_cents: '0.12', supplier: '', perishable: 'yes', shelf_life_days: '7', tcs: 'no' };

  it('becomes an item, or the first thing wrong with it', () => {
    expect(catalogRowToItem(row, new Map())).toMatchObject({ fields: { baseUnit: 'ml', packs: [CASE], unitCostMilliCents: 120, perishable: true, shelfLifeDays: 7, active: true } });
    expect(catalogRowToItem({ ...row, par: '10.5' }, new Map())).toEqual({ error: 'par is "10.5"; write a whole number of base units' });
    expect(catalogRowToItem({ ...row, packs: 'case' }, new Map())).toEqual({ error: 'packs has "case"; write each pack as name=base units, e.g. case=6000' });
    expect(catalogRowToItem({ ...row, shelf_life_days: '' }, new Map())).toEqual({ error: 'a perishable item needs shelf_life_days' });
    expect(catalogRowToItem({ ...row, reorder_point: '200' }, new Map())).toEqual({ error: 'reorder_point is above par' });
    expect(catalogRowToItem({ ...row, tcs: 'maybe' }, new Map())).toEqual({ error: 'tcs is "maybe"; write yes or no' });
    expect(catalogRowToItem({ ...row, name: '' }, new Map())).toEqual({ error: "The item's name cannot be empty" });
  });
});
