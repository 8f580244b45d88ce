import { afterEach, describe, expect, it } from 'vitest';
import { advance, until, untilPasses, useDeviceClock } from '../testing/device-clock';
import { closeDeviceEngines, engineWithDevices, IDENTIFIED_WITHIN_MS, openDeviceEngines as open, payloadsOf, sensorsNamed, storedReadings } from '../testing/devices-engine';
import { addUser, auditActions, call, failure, openTestEngine, rowCount, setUpOrganization, startDevices, tempDataDir } from '../testing/test-engine';
import { SimulatedDeviceAccess } from './simulators/simulated-device-access';

useDeviceClock();
afterEach(closeDeviceEngines);

/** Device time for the demo logger to be found and downloaded: 2,000 records, each answer 120 ms late so a person sees the progress bar. */
const DEMO_DOWNLOAD_WITHIN_MS = 60_000;

describe('demo mode', () => {
  it('starts with a walk-in TEMPer2 and three probes; the logger is plugged in from the Devices screen and downloads by itself', async () => {
    const { engine, admin, events } = await engineWithDevices(null, { demo: true, autoDownload: true });
    const listed = await call(engine, 'devices.list', {}, admin.token);
    expect(listed.demoMode).toBe(true);
    await untilPasses(async () => {
      expect((await call(engine, 'devices.list', {}, admin.token)).devices.map((d) => [d.label, d.status, d.simulated]).sort()).toEqual([
        ['Modbus probes (RS-485)', 'ready', true],
        ['TEMPer2_V3.7', 'ready', true],
      ]);
    }, IDENTIFIED_WITHIN_MS);
    const sensors = await sensorsNamed(engine, admin.token, 5);
    expect(sensors.map((s) => [s.name, s.unitLabel, s.intervalS]).sort()).toEqual([
      ['Probe 1', 'Reach-in fridge', 5],
      ['Probe 2', 'Prep line fridge', 5],
      ['Probe 3', 'Freezer', 5],
      ['Walk-in cooler air', 'Walk-in cooler', 5],
      ['Walk-in cooler product probe', 'Walk-in cooler', 5],
    ]);
    await untilPasses(async () => {
      expect((await call(engine, 'sensors.list', {}, admin.token)).find((s) => s.name === 'Probe 3')?.lastReading?.tempCentiC).toBeLessThan(-1500);
    }, IDENTIFIED_WITHIN_MS);
    expect((await call(engine, 'settings.get', {}, admin.token)).demoMode).toBe(true);

    const staff = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const { deviceId } = await call(engine, 'devices.demoPlug', { device: 'elitech-logger' }, staff.session.token);
    await until(() => payloadsOf(events, 'devices.changed').some((e) => e.deviceId === deviceId && e.message?.startsWith('Stored 2,000 new readings')), DEMO_DOWNLOAD_WITHIN_MS, 'the demo logger stored');
    const logger = (await call(engine, 'sensors.list', {}, admin.token)).find((s) => s.deviceFamily === 'elitech')!;
    expect(logger).toMatchObject({ name: 'Elitech RC-4 EL-DEMO-01', unitLabel: 'Freezer' });
    expect(storedReadings(engine, logger.id)).toHaveLength(2000);
    // The demo log ends about now, so it shows on today's chart.
    expect(Date.now() - storedReadings(engine, logger.id).at(-1)!.at_ms).toBeLessThan(5 * 60_000);
    expect(auditActions(engine)).toContainEqual(expect.objectContaining({ action: 'devices.download', actor_id: null }));

    await call(engine, 'devices.demoUnplug', { deviceId }, staff.session.token);
    expect((await call(engine, 'devices.list', {}, admin.token)).devices.map((d) => d.id)).not.toContain(deviceId);
    expect(await failure(engine, 'devices.demoUnplug', { deviceId: '/dev/ttyNOPE' }, admin.token)).toBe('NOT_FOUND');
  });

  it('on a PC set up after demo mode started, the demo log still ends now in the location’s zone', async () => {
    const temp = tempDataDir();
    const engine = await openTestEngine({ dataDir: temp.dir });
    open.push({ engine, cleanup: temp.cleanup });
    await startDevices(engine, { demo: true });
    await advance(IDENTIFIED_WITHIN_MS); // the demo devices are read; live readings before setup have nowhere to go
    const admin = await setUpOrganization(engine); // America/New_York
    await call(engine, 'devices.demoPlug', { device: 'elitech-logger' }, admin.token);
    await until(async () => (await call(engine, 'sensors.list', {}, admin.token)).some((s) => s.deviceFamily === 'elitech'), DEMO_DOWNLOAD_WITHIN_MS, 'the demo logger stored');
    const sensor = (await call(engine, 'sensors.list', {}, admin.token)).find((s) => s.deviceFamily === 'elitech')!;
    const last = storedReadings(engine, sensor.id).at(-1)!.at_ms;
    expect(Math.abs(Date.now() - last)).toBeLessThan(5 * 60_000);
  });

  it('is refused outside demo mode; the demoMode setting swaps the simulators in and out while running', async () => {
    const access = new SimulatedDeviceAccess();
    const { engine, admin } = await engineWithDevices(access);
    const refused = await engine.dispatch({ method: 'devices.demoPlug', input: { device: 'elitech-logger' }, token: admin.token });
    expect(refused).toEqual({ ok: false, error: { code: 'CONFLICT', message: 'Demo devices exist only in demo mode. Turn on demo mode in Settings first.' } });

    await call(engine, 'settings.update', { demoMode: true }, admin.token);
    await until(async () => (await call(engine, 'devices.list', {}, admin.token)).devices.length === 2, IDENTIFIED_WITHIN_MS, 'two demo devices listed');
    expect((await call(engine, 'devices.list', {}, admin.token)).demoMode).toBe(true);
    await call(engine, 'devices.demoPlug', { device: 'elitech-logger' }, admin.token);

    await call(engine, 'settings.update', { demoMode: false }, admin.token);
    expect(await call(engine, 'devices.list', {}, admin.token)).toEqual({ devices: [], demoMode: false, stationLocationNotGranted: null });
    expect((await call(engine, 'settings.get', {}, admin.token)).demoMode).toBe(false);
  });

  it('a backup restore stops the devices and starts them again on the restored data', async () => {
    const { engine, admin } = await engineWithDevices(null, { demo: true });
    await sensorsNamed(engine, admin.token, 5);
    const backup = await call(engine, 'backup.now', {}, admin.token);
    await call(engine, 'backup.restore', { path: backup.path, confirm: true }, admin.token);
    const token = (await call(engine, 'auth.signIn', { username: 'alice', password: 'correct horse battery' })).token;
    const before = rowCount(engine, 'readings');
    await until(() => rowCount(engine, 'readings') > before, IDENTIFIED_WITHIN_MS + 10_000, 'live readings stored after the restore'); // demo batches every 10 s
    expect((await call(engine, 'devices.list', {}, token)).demoMode).toBe(true);
  });
});
