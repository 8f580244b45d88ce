import { afterEach, describe, expect, it } from 'vitest';
import { correctiveActionIdOf } from '../../../domain/haccp/corrective-action-facts';
import { storeReadings } from '../readings/store-readings';
import { ensureSensor } from '../sensors/sensors';
import { addItem, COLD_ON_RECEIPT, FLOUR, ledgerSum, MILK, onHandOf } from '../inventory/inventory-fixture';
import { TEST_ADMIN, TEST_PASSWORD, addUser, auditActions, call, closeTestEngines, dataSnapshot, freshSetUpEngine } from '../testing/test-engine';

afterEach(closeTestEngines);

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 22, 2, 0);

/** A walk-in out of range for 40 minutes, two cases of milk in stock, and a cook and an auditor signed in. */
async function coolerWithMilk() {
  const { engine, clock, admin } = await freshSetUpEngine();
  clock.set(T0 + 120 * MINUTE);
  await addUser(engine, admin.token, { username: 'sam', role: 'STAFF', displayName: 'Sam Staff' });
  await addUser(engine, admin.token, { username: 'aud', role: 'AUDITOR' });
  const staff = (await call(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD })).token;
  const token = (await call(engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password })).token;
  const unit = await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler' }, token);
  const sensorId = ensureSensor(engine.context, { deviceSerial: 'RC4-0001', deviceFamily: 'elitech', channel: 'internal' }, { name: 'Walk-in logger' });
  await call(engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, token);
  storeReadings(engine.context, sensorId, 'download', [300, ...Array(40).fill(800), 300].map((rawCentiC, i) => ({ atMs: T0 + i * MINUTE, rawCentiC })));
  const here = engine.context.identity()!.homeLocationId;
  const milk = await addItem(engine, token, MILK);
  await call(engine, 'inventory.receive', { locationId: here, supplierId: null, note: '', lines: [{ itemId: milk, packName: 'case', qty: 2, lot: 'L-77', expiresOn: '2026-11-28', receivingCheck: COLD_ON_RECEIPT }] }, token);
  return { engine, token, staff, here, milk, excursion: { sensorId, excursionStartMs: T0 + MINUTE } };
}

const spoiled = { cause: 'Compressor tripped', action: 'discarded' as const, disposition: 'Milk poured away' };

describe('a corrective action that discards stock', () => {
  it('writes the quantity off as waste in the same step: the balance drops, and the movement names the record', async () => {
    const { engine, staff, here, milk, excursion, token } = await coolerWithMilk();
    expect(await onHandOf(engine, token, here, milk)).toBe(12_000);

    const recorded = await call(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...spoiled, quantity: { amount: 3, unit: 'L' }, discardedItemId: milk }, staff);
    expect(await onHandOf(engine, token, here, milk)).toBe(9_000);
    expect(ledgerSum(engine, here, milk)).toBe(9_000);

    const moves = (await call(engine, 'inventory.history', { locationId: here, itemId: milk }, token)).movements;
    const waste = moves.filter((m) => m.kind === 'waste');
    expect(waste.map((m) => [m.deltaBase, m.reason, m.lot, m.actorName])).toEqual([[-3_000, 'correctiveAction', 'L-77', 'Sam Staff']]);
    expect(correctiveActionIdOf(waste[0]!)).toBe(recorded.id);
    expect(recorded.discardedStock).toEqual({ itemId: milk, itemName: 'Milk', movementIds: [waste[0]!.id] });
    expect(auditActions(engine).at(-1)!.summary).toContain('Product discarded (3 L) of "Milk", written off as waste');
  });

  it('more than is in stock, or a pack the item has not, refuses the whole record and changes nothing', async () => {
    const { engine, staff, milk, excursion } = await coolerWithMilk();
    const before = dataSnapshot(engine);
    for (const [quantity, message] of [
      [{ amount: 3, unit: 'case' }, /^Only 12000 base units are on hand; 18000 were asked for\.$/],
      [{ amount: 2, unit: 'kg' }, /"kg" is not a pack size of this item \(it has ml, case, L\)/],
    ] as const) {
      const result = await engine.dispatch({ method: 'haccp.recordCorrectiveAction', input: { ...excursion, ...spoiled, quantity, discardedItemId: milk }, token: staff });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(message);
    }
    expect(dataSnapshot(engine)).toBe(before);
    expect((await call(engine, 'haccp.excursions', {}, staff))[0]!.correctiveAction).toBeNull();
  });

  it('an item with any action but "discarded", or in a correction, is refused with a sentence', async () => {
    const { engine, staff, token, milk, excursion } = await coolerWithMilk();
    const moved = await engine.dispatch({ method: 'haccp.recordCorrectiveAction', input: { ...excursion, ...spoiled, action: 'moved', discardedItemId: milk }, token: staff });
    expect(moved.ok ? null : moved.error.message).toBe('An inventory item is only named when product was discarded.');
    const flour = await addItem(engine, token, FLOUR);
    const recorded = await call(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...spoiled, quantity: { amount: 1, unit: 'kg' } }, staff);
    expect(recorded.discardedStock).toBeNull();
    const amended = await engine.dispatch({ method: 'haccp.amendCorrectiveAction', input: { ...spoiled, actionId: recorded.id, quantity: { amount: 1, unit: 'kg' }, discardedItemId: flour, note: 'It was flour' }, token: staff });
    expect(amended.ok ? null : amended.error.message).toBe('A correction does not write stock off again: correct the waste movement from Inventory (reverse it), and leave the item out here.');
  });

  it('an auditor, who may not record waste, cannot write stock off through a corrective action either', async () => {
    const { engine, milk, excursion } = await coolerWithMilk();
    const auditor = (await call(engine, 'auth.signIn', { username: 'aud', password: TEST_PASSWORD })).token;
    const result = await engine.dispatch({ method: 'haccp.recordCorrectiveAction', input: { ...excursion, ...spoiled, quantity: { amount: 1, unit: 'L' }, discardedItemId: milk }, token: auditor });
    expect(result.ok ? null : result.error.code).toBe('FORBIDDEN');
  });
});
