import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engine';
import { runAlertChecks } from '../alerts/alerts-service';
import { COLD_ON_RECEIPT, FLOUR, MILK, addItem } from '../inventory/inventory-fixture';
import { storeReadings } from '../readings/store-readings';
import { ensureSensor } from '../sensors/sensors';
import { addUser, call, closeTestEngines, failure, freshSetUpEngine } from '../testing/test-engine';

afterEach(closeTestEngines);

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 22, 2, 0);

/**
 * Readings of a walk-in cooler (5 °C, 30-minute delay) at `locationId`, 8 °C for 40 minutes from
 * T0, recorded as that location's PC records them: sensors are made at a PC's own location, so the
 * engine acts as that location's PC for the download — what a regional office PC holds once the
 * hub has brought it the location's documents.
 */
async function warmedUpCooler(engine: Engine, token: string, locationId: string, serial: string) {
  const identity = engine.context.identity()!;
  const asPcOf = (homeLocationId: string) => engine.context.docs.transaction(() => engine.context.setIdentity({ ...identity, homeLocationId }));
  asPcOf(locationId);
  try {
    const unit = await call(engine, 'haccp.addUnit', { name: `Walk-in ${serial}`, type: 'walk-in-cooler', locationId }, token);
    const sensorId = ensureSensor(engine.context, { deviceSerial: serial, deviceFamily: 'elitech', channel: 'internal' }, { name: `Logger ${serial}` });
    await call(engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, token);
    const temps = [300, ...Array(40).fill(800), 300];
    storeReadings(engine.context, sensorId, 'download', temps.map((rawCentiC, i) => ({ atMs: T0 + i * MINUTE, rawCentiC })));
    runAlertChecks(engine.context);
    return { sensorId, excursionStartMs: T0 + MINUTE };
  } finally {
    asPcOf(identity.homeLocationId);
  }
}

const correction = { cause: 'Door left ajar', action: 'discarded' as const, quantity: { amount: 2, unit: 'kg' }, disposition: 'Binned' };

/** Downtown (this PC) and Uptown, each with a cooler excursion; Uptown's signed off, and stock at Uptown. */
async function twoRestaurants() {
  const { engine, clock, admin } = await freshSetUpEngine();
  clock.set(T0 + 120 * MINUTE);
  const downtown = engine.context.identity()!.homeLocationId;
  const uptown = (await call(engine, 'locations.create', { name: 'Uptown', address: '9 Hill Rd', timeZone: 'UTC', temperatureUnit: 'C' }, admin.token)).id;
  await warmedUpCooler(engine, admin.token, downtown, 'RC4-0001');
  const uptownExcursion = await warmedUpCooler(engine, admin.token, uptown, 'RC4-0002');
  const action = await call(engine, 'haccp.recordCorrectiveAction', { ...uptownExcursion, ...correction }, admin.token);
  await call(engine, 'haccp.signOffCorrectiveAction', { actionId: action.id }, admin.token);
  const flour = await addItem(engine, admin.token, FLOUR);
  const milk = await addItem(engine, admin.token, MILK);
  // 50 kg of flour ($0.80/kg: $40.00), above its 30 kg reorder point; 6 L of milk ($1.20/L: $7.20), below its 12 L.
  await call(engine, 'inventory.receive', { locationId: uptown, supplierId: null, note: '', lines: [{ itemId: flour, packName: 'sack', qty: 2, lot: '', expiresOn: null }, { itemId: milk, packName: 'case', qty: 1, lot: 'L-1', expiresOn: '2026-11-28', receivingCheck: COLD_ON_RECEIPT }] }, admin.token);
  return { engine, admin, downtown, uptown };
}

describe('the regional roll-up', () => {
  it('shows each location’s score, open alerts, unsigned excursions, stock value and low stock, this PC’s first', async () => {
    const { engine, admin, downtown, uptown } = await twoRestaurants();
    const rows = await call(engine, 'rollup.locations', {}, admin.token);
    expect(rows.map((r) => r.locationId)).toEqual([downtown, uptown]);
    const [here, there] = rows;
    expect(here).toMatchObject({ isThisDevice: true, openAlerts: 1, excursionsWithoutSignedAction: 1, stockValueCents: 0, lastSyncAtMs: null });
    // Downtown's only two dry goods items sit at 0, below their reorder points.
    expect(here!.lowStockItems).toBe(2);
    expect(there).toMatchObject({ name: 'Uptown', isThisDevice: false, openAlerts: 1, excursionsWithoutSignedAction: 0, stockValueCents: 4720, lowStockItems: 1, lastSyncAtMs: null });
    // Today (Nov 22, UTC): 42 judged readings, 2 in range; the one excursion signed in time at Uptown, none at Downtown.
    const scoreOf = async (locationId: string) => (await call(engine, 'haccp.complianceScores', { locationId, days: 1 }, admin.token)).at(-1)!.score;
    expect(here!.complianceScore).toBe(await scoreOf(downtown));
    expect(there!.complianceScore).toBe(await scoreOf(uptown));
    // Downtown: mean(2/42, 0/1) = 2; Uptown: mean(2/42, 1/1) = 52 (rounded down).
    expect([here!.complianceScore, there!.complianceScore]).toEqual([2, 52]);
  });

  it('a regional manager granted only Uptown never sees Downtown in it, nor its numbers', async () => {
    const { engine, admin, uptown } = await twoRestaurants();
    const { session } = await addUser(engine, admin.token, { username: 'rita', role: 'MANAGER', locationIds: [uptown] });
    const rows = await call(engine, 'rollup.locations', {}, session.token);
    expect(rows).toEqual([expect.objectContaining({ locationId: uptown, name: 'Uptown', excursionsWithoutSignedAction: 0, stockValueCents: 4720 })]);
  });

  it('an auditor sees the roll-up of their locations but can record, sign or move nothing there; staff get no roll-up', async () => {
    const { engine, admin, downtown, uptown } = await twoRestaurants();
    const auditor = (await addUser(engine, admin.token, { username: 'aud', role: 'AUDITOR', locationIds: [downtown, uptown] })).session;
    expect((await call(engine, 'rollup.locations', {}, auditor.token)).map((r) => r.name)).toHaveLength(2);
    const [open] = (await call(engine, 'haccp.excursions', { locationId: downtown }, auditor.token)).filter((e) => e.correctiveAction === null);
    expect(await failure(engine, 'haccp.recordCorrectiveAction', { sensorId: open!.sensorId, excursionStartMs: open!.startMs, ...correction }, auditor.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'inventory.receive', { locationId: uptown, supplierId: null, note: '', lines: [] }, auditor.token)).toBe('FORBIDDEN');
    const alerts = await call(engine, 'alerts.list', {}, auditor.token);
    expect(await failure(engine, 'alerts.acknowledge', { alertId: alerts[0]!.id }, auditor.token)).toBe('FORBIDDEN');
    const staff = (await addUser(engine, admin.token, { username: 'sam', role: 'STAFF', locationIds: [downtown, uptown] })).session;
    expect(await failure(engine, 'rollup.locations', {}, staff.token)).toBe('FORBIDDEN');
  });
});
