import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import type { Engine } from '../engine';
import { addUser, call, failure, openTestEngine, setUpOrganization, tempDataDir, testClock } from '../testing/test-engine';
import { COLD_ON_RECEIPT, FLOUR, MILK, addItem, ledgerSum, onHandOf } from './inventory-fixture';

let dir: string;
let cleanup: () => void;
let engine: Engine;
let admin: SessionInfo;
let staff: SessionInfo;
let clock: ReturnType<typeof testClock>;
let here: string;
let flour: string;
let milk: string;

beforeEach(async () => {
  ({ dir, cleanup } = tempDataDir());
  clock = testClock();
  engine = await openTestEngine({ dataDir: dir, now: clock.now });
  admin = await setUpOrganization(engine);
  staff = (await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' })).session;
  here = engine.context.identity()!.homeLocationId;
  flour = await addItem(engine, admin.token, FLOUR);
  milk = await addItem(engine, admin.token, { ...MILK, storageArea: 'Dry store', perishable: false, shelfLifeDays: null });
  await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [
    { itemId: flour, packName: 'sack', qty: 2, lot: '', expiresOn: null },
    { itemId: milk, packName: 'case', qty: 2, lot: '', expiresOn: null, receivingCheck: COLD_ON_RECEIPT },
  ] }, admin.token);
});
afterEach(() => {
  engine.close();
  cleanup();
});

describe('a stock count', () => {
  it('is blind to whoever counts, entered in packs, shows the variance in quantity and value to the manager, and posts it when approved', async () => {
    const count = await call(engine, 'inventory.startCount', { locationId: here, storageArea: 'Dry store' }, staff.token);
    expect(count).toMatchObject({ status: 'open', blind: true, storageArea: 'Dry store' });
    // Flour first entered as 1 sack, then corrected to 37.5 kg (50 kg on the books); milk in litres (12 L on the books).
    await call(engine, 'inventory.enterCount', { countId: count.id, itemId: flour, packName: 'sack', qty: 1 }, staff.token);
    await call(engine, 'inventory.enterCount', { countId: count.id, itemId: flour, packName: 'kg', qty: 37.5 }, staff.token);
    await call(engine, 'inventory.enterCount', { countId: count.id, itemId: milk, packName: 'L', qty: 10 }, staff.token);
    const blind = await call(engine, 'inventory.countSheet', { countId: count.id }, staff.token);
    expect(blind.lines.map((l) => [l.itemName, l.counted?.countedBase, l.expectedBase, l.varianceBase])).toEqual([
      ['Flour', 37_500, null, null],
      ['Milk', 10_000, null, null],
    ]);
    expect(blind.varianceCents).toBeNull();
    await call(engine, 'inventory.submitCount', { countId: count.id }, staff.token);
    // Handed in: still blind to staff, open to the manager's review.
    expect((await call(engine, 'inventory.countSheet', { countId: count.id }, staff.token)).varianceCents).toBeNull();
    const review = await call(engine, 'inventory.countSheet', { countId: count.id }, admin.token);
    expect(review.lines.map((l) => [l.itemName, l.expectedBase, l.varianceBase, l.varianceCents])).toEqual([
      ['Flour', 50_000, -12_500, -1000],
      ['Milk', 12_000, -2000, -240],
    ]);
    expect(review.varianceCents).toBe(-1240);
    expect(await failure(engine, 'inventory.approveCount', { countId: count.id }, staff.token)).toBe('FORBIDDEN');
    const approved = await call(engine, 'inventory.approveCount', { countId: count.id }, admin.token);
    expect(approved).toMatchObject({ status: 'approved', varianceCents: -1240 });
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(37_500);
    expect(await onHandOf(engine, admin.token, here, milk)).toBe(10_000);
    const history = await call(engine, 'inventory.history', { locationId: here, itemId: flour }, admin.token);
    expect(history.movements[0]).toMatchObject({ kind: 'countAdjustment', deltaBase: -12_500, countId: count.id });
    // Approved is closed: nothing more can be entered, and it cannot be posted twice.
    expect(await failure(engine, 'inventory.enterCount', { countId: count.id, itemId: flour, packName: 'kg', qty: 1 }, staff.token)).toBe('CONFLICT');
    expect(await failure(engine, 'inventory.approveCount', { countId: count.id }, admin.token)).toBe('CONFLICT');
    expect(ledgerSum(engine, here, flour)).toBe(37_500);
  });

  it('a surplus is posted as a positive adjustment, and an item not counted is left alone', async () => {
    const count = await call(engine, 'inventory.startCount', { locationId: here, storageArea: 'Dry store', blind: false }, staff.token);
    await call(engine, 'inventory.enterCount', { countId: count.id, itemId: milk, packName: 'case', qty: 3 }, staff.token);
    const sheet = await call(engine, 'inventory.countSheet', { countId: count.id }, staff.token);
    expect(sheet.lines.find((l) => l.itemId === milk)).toMatchObject({ expectedBase: 12_000, varianceBase: 6000, varianceCents: 720 });
    await call(engine, 'inventory.submitCount', { countId: count.id }, staff.token);
    await call(engine, 'inventory.approveCount', { countId: count.id }, admin.token);
    expect(await onHandOf(engine, admin.token, here, milk)).toBe(18_000);
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(50_000);
  });

  it('a count in progress survives a restart, entries and all', async () => {
    const count = await call(engine, 'inventory.startCount', { locationId: here, storageArea: 'Dry store' }, staff.token);
    await call(engine, 'inventory.enterCount', { countId: count.id, itemId: flour, packName: 'sack', qty: 2 }, staff.token);
    engine.close();
    engine = await openTestEngine({ dataDir: dir, now: clock.now });
    const again = await call(engine, 'auth.signIn', { username: 'sam', password: 'plum tree orchard 42' });
    expect(await call(engine, 'inventory.counts', { locationId: here }, again.token)).toEqual([expect.objectContaining({ id: count.id, status: 'open', linesCounted: 1 })]);
    const sheet = await call(engine, 'inventory.countSheet', { countId: count.id }, again.token);
    expect(sheet.lines.find((l) => l.itemId === flour)?.counted).toEqual({ packName: 'sack', packQty: 2, countedBase: 50_000 });
  });

  it('one count per storage area at a time; a count in a pack the item lacks, or of an item kept elsewhere, is refused', async () => {
    const count = await call(engine, 'inventory.startCount', { locationId: here, storageArea: 'Dry store' }, staff.token);
    expect(await failure(engine, 'inventory.startCount', { locationId: here, storageArea: 'Dry store' }, staff.token)).toBe('CONFLICT');
    const wrongPack = await engine.dispatch({ method: 'inventory.enterCount', input: { countId: count.id, itemId: flour, packName: 'case', qty: 1 }, token: staff.token });
    expect(wrongPack).toMatchObject({ ok: false, error: { code: 'BAD_INPUT', message: '"case" is not a pack size of this item (it has g, sack, kg).' } });
    const other = await addItem(engine, admin.token, { ...FLOUR, name: 'Butter', sku: 'BU', storageArea: 'Walk-in' });
    expect(await failure(engine, 'inventory.enterCount', { countId: count.id, itemId: other, packName: 'g', qty: 1 }, staff.token)).toBe('BAD_INPUT');
    expect((await call(engine, 'inventory.countSheet', { countId: count.id }, staff.token)).lines.every((l) => l.counted === null)).toBe(true);
    await call(engine, 'inventory.discardCount', { countId: count.id }, admin.token);
    expect(await onHandOf(engine, admin.token, here, flour)).toBe(50_000);
  });
});
