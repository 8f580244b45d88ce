import { afterEach, describe, expect, it } from 'vitest';
import { storeReadings } from '../readings/store-readings';
import { ensureSensor } from '../sensors/sensors';
import { addItem, COLD_ON_RECEIPT, FLOUR, MILK } from '../inventory/inventory-fixture';
import { TEST_ADMIN, TEST_PASSWORD, addUser, auditActions, call, closeTestEngines, dataSnapshot, freshSetUpEngine } from '../testing/test-engine';

afterEach(closeTestEngines);

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 22, 2, 0);

/**
 * Downtown (New York) with one case of milk (below its reorder point of two), plenty of flour, and a
 * walk-in that was out of range for 40 minutes with a corrective action recorded by the cook; a
 * second location, Uptown, with none of it.
 */
async function restaurant() {
  const { engine, clock, admin } = await freshSetUpEngine();
  clock.set(T0 + 120 * MINUTE);
  await addUser(engine, admin.token, { username: 'max', role: 'MANAGER', displayName: 'Max Manager' });
  await addUser(engine, admin.token, { username: 'sam', role: 'STAFF', displayName: 'Sam Staff' });
  const manager = (await call(engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD })).token;
  const sam = await call(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD });
  const staff = sam.token;
  const token = (await call(engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password })).token;
  const here = engine.context.identity()!.homeLocationId;
  const uptown = (await call(engine, 'locations.create', { name: 'Uptown', address: '9 Hill Rd', timeZone: 'America/Chicago', temperatureUnit: 'F' }, token)).id;

  const milk = await addItem(engine, token, MILK);
  const flour = await addItem(engine, token, FLOUR);
  await call(
    engine,
    'inventory.receive',
    {
      locationId: here,
      supplierId: null,
      note: '',
      lines: [
        { itemId: milk, packName: 'case', qty: 1, lot: 'L-77', expiresOn: '2026-11-28', receivingCheck: COLD_ON_RECEIPT },
        { itemId: flour, packName: 'sack', qty: 4, lot: '', expiresOn: null, receivingCheck: null },
      ],
    },
    token,
  );

  const unit = await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler' }, token);
  const sensorId = ensureSensor(engine.context, { deviceSerial: 'RC4-0001', deviceFamily: 'elitech', channel: 'internal' }, { name: 'Walk-in logger' });
  await call(engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, token);
  storeReadings(engine.context, sensorId, 'download', [300, ...Array(40).fill(800), 300].map((rawCentiC, i) => ({ atMs: T0 + i * MINUTE, rawCentiC })));
  const action = await call(
    engine,
    'haccp.recordCorrectiveAction',
    { sensorId, excursionStartMs: T0 + MINUTE, cause: 'Compressor tripped', action: 'equipmentRepaired', disposition: 'Kept: below 41 °F within 2 h' },
    staff,
  );
  return { engine, token, manager, staff, samId: sam.user.id, here, uptown, milk, flour, actionId: action.id };
}

const reorder = { title: 'Order milk', type: 'inventory' as const, priority: 'high' as const };

async function failureOf(engine: Awaited<ReturnType<typeof restaurant>>['engine'], input: unknown, token: string) {
  const result = await engine.dispatch({ method: 'tasks.create', input, token });
  return result.ok ? 'succeeded' : `${result.error.code}: ${result.error.message}`;
}

describe('a task that follows up low stock', () => {
  it('names the item and its numbers in the engine’s words, on the task list and in the audit log', async () => {
    const { engine, manager, here, milk } = await restaurant();
    const task = await call(engine, 'tasks.create', { locationId: here, ...reorder, assignee: { role: 'MANAGER' }, origin: { kind: 'lowStock', ref: milk } }, manager);
    const label = 'Low stock: Milk, 1 case on hand (reorder point 2 case, par 4 case)';
    expect(task.origin).toEqual({ kind: 'lowStock', ref: milk, label });
    const listed = (await call(engine, 'tasks.list', { locationId: here }, manager)).find((t) => t.id === task.id);
    expect(listed?.origin?.label).toBe(label);
    expect(auditActions(engine).at(-1)!.summary).toContain(`following up ${label}`);
  });

  it('one reorder task per item is open at a time: a second is refused and changes nothing; once done, the next low stock can have one', async () => {
    const { engine, manager, here, milk } = await restaurant();
    const first = await call(engine, 'tasks.create', { locationId: here, ...reorder, origin: { kind: 'lowStock', ref: milk } }, manager);
    const before = dataSnapshot(engine);
    expect(await failureOf(engine, { locationId: here, ...reorder, title: 'Milk again', origin: { kind: 'lowStock', ref: milk } }, manager)).toBe(
      'CONFLICT: A task to reorder Milk is already open here: "Order milk".',
    );
    expect(dataSnapshot(engine)).toBe(before);

    await call(engine, 'tasks.setStatus', { taskId: first.id, status: 'in_progress' }, manager);
    expect(await failureOf(engine, { locationId: here, ...reorder, origin: { kind: 'lowStock', ref: milk } }, manager)).toMatch(/^CONFLICT: A task to reorder Milk is already open/);
    await call(engine, 'tasks.setStatus', { taskId: first.id, status: 'done' }, manager);
    const second = await call(engine, 'tasks.create', { locationId: here, ...reorder, origin: { kind: 'lowStock', ref: milk } }, manager);
    expect(second.origin?.ref).toBe(milk);
  });

  it('an item that is not below its reorder point, or not in the catalog, is refused with a sentence', async () => {
    const { engine, manager, here, flour } = await restaurant();
    const before = dataSnapshot(engine);
    expect(await failureOf(engine, { locationId: here, ...reorder, origin: { kind: 'lowStock', ref: flour } }, manager)).toBe(
      'CONFLICT: Flour is not below its reorder point here: nothing to reorder.',
    );
    expect(await failureOf(engine, { locationId: here, ...reorder, origin: { kind: 'lowStock', ref: 'no-such-item' } }, manager)).toBe('NOT_FOUND: That item is not in the catalog.');
    expect(await failureOf(engine, { locationId: here, ...reorder, origin: { kind: 'gossip', ref: flour } }, manager)).toMatch(/^BAD_INPUT: .*A task follows up a corrective action or low stock\./);
    expect(dataSnapshot(engine)).toBe(before);
  });

  it('is judged at the task’s location: flour stocked downtown is low uptown, where there is none', async () => {
    const { engine, token, uptown, flour } = await restaurant();
    const task = await call(engine, 'tasks.create', { locationId: uptown, ...reorder, title: 'Order flour', origin: { kind: 'lowStock', ref: flour } }, token);
    expect(task.origin?.label).toBe('Low stock: Flour, 0 g on hand (reorder point 1 sack + 5 kg, par 4 sack)');
  });
});

describe('a follow-up task of a corrective action', () => {
  it('names the unit, the excursion and the cause; staff may add one for themselves', async () => {
    const { engine, staff, samId: sam, here, actionId } = await restaurant();
    const task = await call(
      engine,
      'tasks.create',
      { locationId: here, title: 'Call the refrigeration engineer', type: 'maintenance', assignee: { userId: sam }, origin: { kind: 'correctiveAction', ref: actionId } },
      staff,
    );
    expect(task.origin).toEqual({ kind: 'correctiveAction', ref: actionId, label: 'Corrective action for Walk-in, excursion from 2026-11-21 21:01: Compressor tripped' });
  });

  it('a corrective action of another location, or none, is refused and nothing is written', async () => {
    const { engine, token, uptown, here, actionId } = await restaurant();
    const before = dataSnapshot(engine);
    expect(await failureOf(engine, { locationId: uptown, title: 'Fix it', type: 'maintenance', origin: { kind: 'correctiveAction', ref: actionId } }, token)).toBe(
      'NOT_FOUND: That corrective action does not exist at the task’s location.',
    );
    expect(await failureOf(engine, { locationId: here, title: 'Fix it', type: 'maintenance', origin: { kind: 'correctiveAction', ref: 'ca-none' } }, token)).toBe(
      'NOT_FOUND: That corrective action does not exist at the task’s location.',
    );
    expect(dataSnapshot(engine)).toBe(before);
  });
});
