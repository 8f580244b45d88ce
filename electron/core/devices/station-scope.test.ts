import { afterEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import type { Engine } from '../engine';
import { settle, useDeviceClock } from '../testing/device-clock';
import { closeDeviceEngines, deviceReady, engineWithDevices, sensorsNamed } from '../testing/devices-engine';
import { addUser, auditActions, call, dataSnapshot } from '../testing/test-engine';
import { ElitechSimulator } from './simulators/elitech-simulator';
import { ModbusBusSimulator } from './simulators/modbus-simulator';
import { SimulatedDeviceAccess } from './simulators/simulated-device-access';

/**
 * Location scope at the station (issue 7, finding 7): someone granted only another restaurant may
 * not work the devices, sensors or settings of this PC. Each try is refused with a sentence,
 * changes nothing, and leaves a HIGH audit entry naming the caller.
 */

/** A 2,000-record logger at production answer times, with room to spare. */
const DOWNLOAD_WITHIN_MS = 120_000;

useDeviceClock();
afterEach(closeDeviceEngines);

/** The error a call is refused with, or 'succeeded'. */
async function refusal(engine: Engine, method: string, input: unknown, token: string | null) {
  const result = await engine.dispatch({ method, input, token });
  return result.ok ? 'succeeded' : result.error;
}

function lastAudit(engine: Engine) {
  return auditActions(engine).at(-1);
}

describe('someone granted only Uptown, signed in at Downtown’s PC', () => {
  /** Downtown's PC with a logger and a probe bus; polls and flushes far apart, so nothing is stored behind the test's back. */
  async function downtownPc() {
    const access = new SimulatedDeviceAccess();
    const logger = new ElitechSimulator({ model: 'RC-4' });
    const bus = new ModbusBusSimulator({ serialNumber: 'RS485-D', probes: [{ address: 1, temperature: 300 }] });
    access.plug(logger);
    access.plug(bus);
    const started = await engineWithDevices(access, { pollIntervalMs: 3_600_000, flushIntervalMs: 3_600_000 });
    const { engine, admin } = started;
    await deviceReady(engine, admin.token, logger.path);
    await deviceReady(engine, admin.token, bus.path);
    const [probe] = await sensorsNamed(engine, admin.token, 1);
    const uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '9 Hill Rd', timeZone: 'America/Chicago', temperatureUnit: 'F' }, admin.token);
    const signedIn = async (username: string, role: 'STAFF' | 'MANAGER' | 'LOCATION_MANAGER') =>
      (await addUser(engine, admin.token, { username, role, locationIds: [uptown.id] })).session;
    return { ...started, logger, bus, probe: probe!, uptown, signedIn };
  }

  const NOT_HERE = (what: string) => ({ code: 'FORBIDDEN', message: `Only people granted Downtown, where this PC is, may ${what}. Ask an administrator for access to Downtown.` });
  const NO_SUCH_SENSOR = { code: 'NOT_FOUND', message: 'That sensor does not exist or is not at your locations.' };

  it('cannot download loggers, move probes, plug demo devices, change sensors or this PC’s settings; nothing changes and each try is audited as HIGH', async () => {
    const { engine, logger, bus, probe, signedIn } = await downtownPc();
    const staff = await signedIn('bea', 'STAFF');
    const manager = await signedIn('max', 'MANAGER');
    const locationManager = await signedIn('lena', 'LOCATION_MANAGER');

    const attacks: [SessionInfo, string, unknown, unknown, string][] = [
      [staff, 'devices.download', { deviceId: logger.path }, NOT_HERE('download its loggers'), '"bea" holds no grant for Downtown, the location of this PC'],
      [staff, 'devices.demoPlug', { device: 'elitech-logger' }, NOT_HERE('plug in its demo devices'), '"bea" holds no grant for Downtown, the location of this PC'],
      [staff, 'devices.demoUnplug', { deviceId: logger.path }, NOT_HERE('unplug its demo devices'), '"bea" holds no grant for Downtown, the location of this PC'],
      [manager, 'devices.setProbes', { deviceId: bus.path, probes: [{ address: 2, map: 'xy-md02' }] }, NOT_HERE('set up its probes'), '"max" holds no grant for Downtown, the location of this PC'],
      [manager, 'devices.changeProbeAddress', { deviceId: bus.path, address: 1, newAddress: 7 }, NOT_HERE('change its probe addresses'), '"max" holds no grant for Downtown, the location of this PC'],
      [manager, 'sensors.update', { sensorId: probe.id, name: 'Renamed by Max' }, NO_SUCH_SENSOR, 'sensor "Probe 1" is at a location the caller is not granted'],
      [locationManager, 'sensors.calibrate', { sensorId: probe.id, offsetCentiC: 500, dueMs: null, note: '' }, NO_SUCH_SENSOR, 'sensor "Probe 1" is at a location the caller is not granted'],
      [locationManager, 'settings.update', { backupKeep: 2 }, NOT_HERE('change its settings'), '"lena" holds no grant for Downtown, the location of this PC'],
      [locationManager, 'settings.update', { demoMode: true }, NOT_HERE('change its settings'), '"lena" holds no grant for Downtown, the location of this PC'],
    ];
    const before = dataSnapshot(engine);
    for (const [session, method, input, error, why] of attacks) {
      expect(await refusal(engine, method, input, session.token), method).toEqual(error);
      expect(lastAudit(engine), method).toEqual({ action: 'security.permissionDenied', risk: 'HIGH', summary: `Refused ${method}: ${why}`, actor_id: session.user.id });
    }
    expect(dataSnapshot(engine)).toBe(before);
    expect(bus.probeAt(1)).toBeDefined();
    expect(bus.probeAt(7)).toBeUndefined();
    expect(engine.context.sqlite.prepare('SELECT COUNT(*) FROM readings').pluck().get()).toBe(0);
  });

  it('sees none of the PC’s devices, with the reason, while someone granted Downtown sees them', async () => {
    const { engine, admin, signedIn } = await downtownPc();
    const outsider = await signedIn('bea', 'STAFF');
    const { session: local } = await addUser(engine, admin.token, { username: 'dan', role: 'STAFF' });
    expect(await call(engine, 'devices.list', {}, outsider.token)).toEqual({ devices: [], demoMode: false, stationLocationNotGranted: 'Downtown' });
    const seen = await call(engine, 'devices.list', {}, local.token);
    expect(seen.stationLocationNotGranted).toBeNull();
    expect(seen.devices).toHaveLength(2);
  });

  it('pushes about the PC’s devices and readings reach only sessions granted Downtown', async () => {
    const { engine, admin, logger, signedIn } = await downtownPc();
    const outsider = await signedIn('bea', 'STAFF');
    const { session: local } = await addUser(engine, admin.token, { username: 'dan', role: 'STAFF' });
    const heard: { topic: string; audience: readonly string[] }[] = [];
    const stop = engine.events.listen((topic, _payload, _target, audience) => heard.push({ topic, audience }));
    await settle(call(engine, 'devices.download', { deviceId: logger.path }, local.token), DOWNLOAD_WITHIN_MS);
    stop();
    const deviceTopics = heard.filter((e) => ['devices.changed', 'devices.progress', 'readings.stored'].includes(e.topic));
    expect(deviceTopics.map((e) => e.topic)).toEqual(expect.arrayContaining(['devices.progress', 'readings.stored']));
    for (const event of deviceTopics) {
      expect(event.audience, event.topic).toContain(local.token);
      expect(event.audience, event.topic).not.toContain(outsider.token);
    }
    const changed = heard.find((e) => e.topic === 'data.changed');
    expect(changed?.audience).toContain(outsider.token);
  });

  it('staff granted Downtown may download the same logger', async () => {
    const { engine, admin, logger } = await downtownPc();
    const { session } = await addUser(engine, admin.token, { username: 'dan', role: 'STAFF' });
    expect(await settle(call(engine, 'devices.download', { deviceId: logger.path }, session.token), DOWNLOAD_WITHIN_MS)).toEqual({ added: 2000, alreadyThere: 0 });
  });
});

