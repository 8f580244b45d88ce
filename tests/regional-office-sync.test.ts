// A regional office's PC linked to a real hub on 127.0.0.1: it reads, never writes, the documents
// of the locations its enrollment grants, and they project into its SQL like its own.
import { describe, expect, it, vi } from 'vitest';
import { opsDocName } from '../domain/sync/doc-names';
import { storeReadings } from '../electron/core/readings/store-readings';
import { ensureSensor } from '../electron/core/sensors/sensors';
import { call, dataSnapshot } from '../electron/core/testing/test-engine';
import { allSynced, enrollOrganization, hubForThisFile, projected, regionalStationOf, standaloneStation, status, until, type Station } from './support/hub-stations';

const MINUTE = 60_000;

vi.setConfig({ testTimeout: 120_000, hookTimeout: 120_000 });

const hub = hubForThisFile();

/** A logger download at the restaurant: a walk-in cooler above 5 °C for an hour. */
async function excursionAt(s: Station, serial: string, fromMs: number) {
  const unit = await call(s.engine, 'haccp.addUnit', { name: `Walk-in ${serial}`, type: 'walk-in-cooler', alarmDelayMin: 30 }, s.adminToken);
  const sensorId = ensureSensor(s.engine.context, { deviceSerial: serial, deviceFamily: 'elitech', channel: 'internal' }, { name: `Cooler ${serial}` });
  await call(s.engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, s.adminToken);
  storeReadings(s.engine.context, sensorId, 'download', Array.from({ length: 61 }, (_, i) => ({ atMs: fromMs + i * MINUTE, rawCentiC: 900 })));
  return sensorId;
}

const runsOf = (s: Station, sensorId: string) => projected(s, 'haccp_runs', 'start_ms').filter((r) => (r as { sensor_id: string }).sensor_id === sensorId);

describe('a regional office PC', () => {
  it("receives a restaurant's excursion recorded while the restaurant was offline, and sends nothing of its own there", async () => {
    const restaurant = await standaloneStation();
    const { tenantId, locationId: downtown } = await enrollOrganization(hub.hub, restaurant);
    await until([restaurant], allSynced(restaurant));
    const office = await regionalStationOf(hub.hub, restaurant, [downtown]);
    await until([office], allSynced(office));
    expect(status(office).readLocationIds).toEqual([downtown]);

    await hub.stop();
    await until([restaurant], () => status(restaurant).state === 'offline');
    const sensorId = await excursionAt(restaurant, 'RC4-0100', Date.now() - 2 * 3600_000);
    expect(runsOf(restaurant, sensorId)).toHaveLength(1);
    expect(runsOf(office, sensorId)).toEqual([]);

    await hub.start();
    restaurant.timers.fireAll();
    office.timers.fireAll();
    await until([restaurant, office], () => allSynced(restaurant, office)() && runsOf(office, sensorId).length === 1);
    expect(runsOf(office, sensorId)).toEqual(runsOf(restaurant, sensorId));
    expect(projected(office, 'readings', 'at_ms').filter((r) => (r as { sensor_id: string }).sensor_id === sensorId)).toHaveLength(61);
    expect(office.service().locationHeardAtMs(downtown)).not.toBeNull();

    // The office PC cannot send the restaurant a change, so it refuses to make one, with a sentence, and nothing changes.
    const before = dataSnapshot(office.engine);
    const refused = await office.engine.dispatch({ method: 'tasks.create', input: { locationId: downtown, title: 'From the office', type: 'prep' }, token: office.adminToken });
    expect(refused).toMatchObject({ ok: false, error: { code: 'FORBIDDEN', message: expect.stringMatching(/^This PC only reads .+'s records through the hub; it cannot send them changes\./) } });
    expect(() => office.engine.context.docs.change(opsDocName(tenantId, downtown), (d) => d.getMap('probe').set('x', 1))).toThrow(/only reads/);
    expect(dataSnapshot(office.engine)).toBe(before);
    expect(status(office).changesWaiting).toBe(0);
    // Its own location it still writes.
    const officeId = office.engine.context.identity()!.homeLocationId;
    await call(office.engine, 'tasks.create', { locationId: officeId, title: 'Visit Downtown', type: 'prep' }, office.adminToken);
    await until([office], allSynced(office));
  });

  it('granted no other location, it links none and gets none of the restaurant’s data', async () => {
    const restaurant = await standaloneStation();
    const { locationId: downtown } = await enrollOrganization(hub.hub, restaurant);
    const sensorId = await excursionAt(restaurant, 'RC4-0200', Date.now() - 2 * 3600_000);
    await until([restaurant], allSynced(restaurant));
    const office = await regionalStationOf(hub.hub, restaurant, []);
    await until([office], allSynced(office));
    expect(status(office).readLocationIds).toEqual([]);
    expect(runsOf(office, sensorId)).toEqual([]);
    expect(projected(office, 'readings', 'at_ms')).toEqual([]);
    expect(office.service().locationHeardAtMs(downtown)).toBeNull();
  });
});
