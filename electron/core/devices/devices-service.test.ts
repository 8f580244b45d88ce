import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap, Topic } from '../../../domain/contract';
import { decodeCalibrationBatch } from '../../../domain/sensors/calibration-batch';
import { startOfDayInZone } from '../../../domain/time/calendar-days';
import { logDocName } from '../../../domain/sync/doc-names';
import { BATCH_KIND, FACT_BATCHES_MAP, batchKind } from '../../../domain/sync/fact-batch';
import type { DevicesServiceOptions } from './devices-service';
import type { Engine } from '../engine';
import {
  addUser,
  auditActions,
  call,
  dataSnapshot,
  failure,
  openTestEngine,
  rowCount,
  setUpOrganization,
  startDevices,
  stopDevices,
  tempDataDir,
} from '../testing/test-engine';
import { bodyPage, ElitechSimulator } from './simulators/elitech-simulator';
import { ModbusBusSimulator, toAddress } from './simulators/modbus-simulator';
import { SimulatedDeviceAccess } from './simulators/simulated-device-access';
import { TemperSimulator } from './simulators/temper-simulator';

const FAST: DevicesServiceOptions = {
  scanIntervalMs: 20,
  pollIntervalMs: 40,
  flushIntervalMs: 60,
  demoFlushIntervalMs: 60,
  demoLoggerAnswerDelayMs: 1,
  timeouts: { hidAnswerMs: 50, hidNextReportMs: 10, temperx232Ms: 50, temperx232SettleMs: 10, modbusMs: 25, elitechMs: 60, identifyMs: 40 },
};
const WAIT = { timeout: 4000, interval: 10 };

type Seen = { [T in Topic]: { topic: T; payload: EventMap[T] } }[Topic];

const open: { engine: Engine; cleanup: () => void }[] = [];
afterEach(async () => {
  for (const { engine, cleanup } of open.splice(0)) {
    await stopDevices(engine);
    engine.close();
    cleanup();
  }
});

/** A set-up engine whose devices service watches `access` (or the demo's simulators). */
async function engineWithDevices(access: SimulatedDeviceAccess | null, options: DevicesServiceOptions & { autoDownload?: boolean } = {}) {
  const temp = tempDataDir();
  const engine = await openTestEngine({ dataDir: temp.dir });
  open.push({ engine, cleanup: temp.cleanup });
  const admin = await setUpOrganization(engine);
  engine.context.stationSettings.set('autoDownloadLoggers', options.autoDownload ?? false);
  const events: Seen[] = [];
  engine.events.listen((topic, payload) => events.push({ topic, payload } as Seen));
  await startDevices(engine, { ...FAST, ...options, ...(access ? { access } : {}) });
  return { engine, admin, events, dataDir: temp.dir };
}

function payloadsOf<T extends Topic>(events: Seen[], topic: T): EventMap[T][] {
  return events.filter((e) => e.topic === topic).map((e) => e.payload as EventMap[T]);
}

async function deviceReady(engine: Engine, token: string, deviceId: string) {
  await expect.poll(async () => (await call(engine, 'devices.list', {}, token)).devices.find((d) => d.id === deviceId)?.status, WAIT).toBe('ready');
}

async function sensorsNamed(engine: Engine, token: string, count: number) {
  await expect.poll(async () => (await call(engine, 'sensors.list', {}, token)).length, WAIT).toBe(count);
  return call(engine, 'sensors.list', {}, token);
}

function storedReadings(engine: Engine, sensorId: string): { at_ms: number; temp_centi_c: number; raw_centi_c: number; source: number }[] {
  return engine.context.sqlite.prepare('SELECT at_ms, temp_centi_c, raw_centi_c, source FROM readings WHERE sensor_id = ? ORDER BY at_ms').all(sensorId) as never;
}

describe('the devices service', () => {
  it('downloads a logger into SQLite with progress and an audit entry; downloading it again adds nothing; the chart reads it', async () => {
    const access = new SimulatedDeviceAccess();
    const logger = new ElitechSimulator({ model: 'RC-4' });
    access.plug(logger);
    const { engine, admin, events } = await engineWithDevices(access);
    await deviceReady(engine, admin.token, logger.path);

    expect(await call(engine, 'devices.download', { deviceId: logger.path }, admin.token)).toEqual({ added: 2000, alreadyThere: 0 });
    const [sensor] = await call(engine, 'sensors.list', {}, admin.token);
    expect(sensor).toMatchObject({ name: 'Elitech RC-4 EL20240001', deviceSerial: 'EL20240001', deviceFamily: 'elitech', channel: 'internal', intervalS: 60, online: null });
    expect(rowCount(engine, 'readings')).toBe(2000);
    expect(storedReadings(engine, sensor!.id).every((r) => r.source === 1 && r.temp_centi_c === r.raw_centi_c)).toBe(true);
    expect(auditActions(engine).at(-1)).toMatchObject({
      action: 'devices.download',
      risk: 'LOW',
      actor_id: admin.user.id,
      summary: 'Downloaded 2,000 readings from Elitech RC-4 #EL20240001: 2,000 new, 0 already there',
    });
    const progress = payloadsOf(events, 'devices.progress');
    expect(progress.map((p) => p.done)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000, 1100, 1200, 1300, 1400, 1500, 1600, 1700, 1800, 1900, 2000]);
    expect(progress.at(-1)).toMatchObject({ deviceId: logger.path, total: 2000, etaMs: 0 });
    expect(payloadsOf(events, 'readings.stored')).toContainEqual({ sensorIds: [sensor!.id] });
    expect(payloadsOf(events, 'devices.changed')).toContainEqual({ deviceId: logger.path, message: expect.stringContaining('Stored 2,000 new readings') });

    expect(await call(engine, 'devices.download', { deviceId: logger.path }, admin.token)).toEqual({ added: 0, alreadyThere: 2000 });
    expect(rowCount(engine, 'readings')).toBe(2000);
    const { devices } = await call(engine, 'devices.list', {}, admin.token);
    expect(devices).toEqual([
      expect.objectContaining({ id: logger.path, kind: 'logger', label: 'Elitech RC-4', status: 'ready', health: 'Logging', lastDownload: expect.objectContaining({ added: 0, alreadyThere: 2000 }), sensorIds: [sensor!.id], simulated: false }),
    ]);

    const first = storedReadings(engine, sensor!.id)[0]!.at_ms;
    const chart = await call(engine, 'sensors.chart', { sensorId: sensor!.id, fromMs: first, toMs: first + 2000 * 60_000, buckets: 50 }, admin.token);
    expect(chart.points.length).toBeLessThanOrEqual(50);
    expect(chart.stats).toEqual({ minCentiC: -2000, maxCentiC: 400, avgCentiC: expect.any(Number), count: 2000 });
  });

  it('an unplug mid-download stores nothing; the service stays up and a live TEMPer keeps being stored', async () => {
    const access = new SimulatedDeviceAccess();
    const temper = new TemperSimulator({ firmware: 'TEMPer2_V3.7', internal: 400, external: -1900, serialNumber: 'T2-0001' });
    const logger = new ElitechSimulator();
    logger.inject({ fault: 'unplug', when: bodyPage(4) });
    access.plug(temper);
    access.plug(logger);
    const { engine, admin, events } = await engineWithDevices(access);
    await deviceReady(engine, admin.token, logger.path);

    expect(await failure(engine, 'devices.download', { deviceId: logger.path }, admin.token)).toBe('DEVICE_UNPLUGGED');
    expect(payloadsOf(events, 'devices.changed')).toContainEqual({ deviceId: logger.path, message: expect.stringContaining('Nothing from it was stored') });
    const sensors = await sensorsNamed(engine, admin.token, 2);
    expect(sensors.map((s) => s.deviceFamily)).toEqual(['temper', 'temper']);
    expect(auditActions(engine).some((a) => a.action === 'devices.download')).toBe(false);

    const storedBefore = rowCount(engine, 'readings');
    await expect.poll(() => rowCount(engine, 'readings'), WAIT).toBeGreaterThan(storedBefore + 4);
    expect((await call(engine, 'devices.list', {}, admin.token)).devices.map((d) => d.id)).toEqual([temper.path]);
  });

  it('stores live readings per channel and probe, with the calibration offset in force when they were taken', async () => {
    const access = new SimulatedDeviceAccess();
    const temper = new TemperSimulator({ firmware: 'TEMPer2_V3.7', internal: 400, external: -1900, serialNumber: 'T2-0001' });
    const bus = new ModbusBusSimulator({
      serialNumber: 'RS485-A',
      probes: [
        { address: 1, temperature: 300 },
        { address: 2, temperature: 450, parity: 'even' },
        { address: 3, temperature: -2050 },
      ],
    });
    access.plug(temper);
    access.plug(bus);
    const { engine, admin } = await engineWithDevices(access, { modbusProbes: () => [1, 2, 3].map((address) => ({ address, map: 'xy-md02' as const })) });

    const sensors = await sensorsNamed(engine, admin.token, 5);
    expect(sensors.map((s) => [s.name, s.deviceSerial, s.channel, s.online])).toEqual([
      ['Probe 1', 'RS485-A#1', 'internal', true],
      ['Probe 2', 'RS485-A#2', 'internal', true],
      ['Probe 3', 'RS485-A#3', 'internal', true],
      ['TEMPer2 external', 'T2-0001', 'external', true],
      ['TEMPer2 internal', 'T2-0001', 'internal', true],
    ]);
    const byName = new Map(sensors.map((s) => [s.name, s]));
    const internal = byName.get('TEMPer2 internal')!;
    const freezer = byName.get('Probe 3')!;
    await expect.poll(() => storedReadings(engine, freezer.id).length, WAIT).toBeGreaterThan(1);
    expect(storedReadings(engine, freezer.id).every((r) => r.temp_centi_c === -2050 && r.source === 2)).toBe(true);

    await call(engine, 'sensors.calibrate', { sensorId: internal.id, offsetCentiC: -50, dueMs: null, note: 'ice bath check' }, admin.token);
    const calibratedAt = (await call(engine, 'sensors.calibrationHistory', { sensorId: internal.id }, admin.token))[0]!.atMs;
    await expect.poll(() => storedReadings(engine, internal.id).filter((r) => r.at_ms > calibratedAt).length, WAIT).toBeGreaterThan(1);
    for (const r of storedReadings(engine, internal.id)) {
      expect(r.raw_centi_c).toBe(400);
      expect(r.temp_centi_c).toBe(r.at_ms > calibratedAt ? 350 : 400);
    }
    expect(storedReadings(engine, internal.id).some((r) => r.at_ms <= calibratedAt)).toBe(true);
    // Other channels of the same thermometer keep their own offset.
    expect(storedReadings(engine, byName.get('TEMPer2 external')!.id).every((r) => r.temp_centi_c === -1900)).toBe(true);
    expect(bus.collisions).toBe(0);
  });

  it('a probe that misses three polls goes offline (event, MEDIUM audit entry) and comes back online', async () => {
    const access = new SimulatedDeviceAccess();
    const bus = new ModbusBusSimulator({ serialNumber: 'RS485-B', probes: [{ address: 1, temperature: 500 }] });
    access.plug(bus);
    const { engine, admin, events } = await engineWithDevices(access);
    const [probe] = await sensorsNamed(engine, admin.token, 1);

    bus.inject({ fault: 'stall', when: toAddress(1), times: 6 }); // three polls, each asked twice
    await expect.poll(() => payloadsOf(events, 'sensors.online'), WAIT).toContainEqual({ sensorId: probe!.id, online: false, message: expect.stringContaining('did not answer') });
    expect(auditActions(engine)).toContainEqual(
      expect.objectContaining({ action: 'sensors.offline', risk: 'MEDIUM', summary: expect.stringMatching(/^Sensor "Probe 1" went offline after missing 3 polls in a row: /) }),
    );
    expect((await call(engine, 'devices.list', {}, admin.token)).devices[0]!.lastError).toMatch(/did not answer/);

    await expect.poll(() => payloadsOf(events, 'sensors.online'), WAIT).toContainEqual({ sensorId: probe!.id, online: true, message: null });
    expect((await call(engine, 'sensors.list', {}, admin.token))[0]!.online).toBe(true);
    expect(payloadsOf(events, 'sensors.online').filter((e) => !e.online)).toHaveLength(1);
  });

  it('calibration is kept as history and audited; only location managers and compliance officers may calibrate', async () => {
    const access = new SimulatedDeviceAccess();
    access.plug(new TemperSimulator({ firmware: 'TEMPerGold_V3.1', internal: 380, serialNumber: 'GOLD-1' }));
    const { engine, admin } = await engineWithDevices(access);
    const [sensor] = await sensorsNamed(engine, admin.token, 1);
    const home = admin.user.locationIds[0]!;
    const manager = await addUser(engine, admin.token, { username: 'lena', role: 'LOCATION_MANAGER', displayName: 'Lena Manager' });
    const officer = await addUser(engine, admin.token, { username: 'otto', role: 'COMPLIANCE_OFFICER', displayName: 'Otto Officer' });
    const staff = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const shiftLead = await addUser(engine, admin.token, { username: 'max', role: 'MANAGER' });
    // The renderer sends the start of the due day at the sensor's location (New York in these tests).
    const dueMs = startOfDayInZone('2027-06-01', 'America/New_York')!;

    const after = await call(engine, 'sensors.calibrate', { sensorId: sensor!.id, offsetCentiC: 120, dueMs, note: 'checked against reference thermometer' }, manager.session.token);
    expect(after).toMatchObject({ calibrationOffsetCentiC: 120, calibrationDueMs: dueMs, calibratedAtMs: expect.any(Number) });
    await call(engine, 'sensors.calibrate', { sensorId: sensor!.id, offsetCentiC: -30, dueMs: null, note: '' }, officer.session.token);
    for (const refused of [staff, shiftLead]) {
      expect(await failure(engine, 'sensors.calibrate', { sensorId: sensor!.id, offsetCentiC: 0, dueMs: null, note: '' }, refused.session.token)).toBe('FORBIDDEN');
    }

    const history = await call(engine, 'sensors.calibrationHistory', { sensorId: sensor!.id }, staff.session.token);
    expect(history).toEqual([
      expect.objectContaining({ offsetCentiC: -30, previousOffsetCentiC: 120, dueMs: null, actorName: 'Otto Officer', note: '' }),
      expect.objectContaining({ offsetCentiC: 120, previousOffsetCentiC: 0, dueMs, actorName: 'Lena Manager', note: 'checked against reference thermometer' }),
    ]);
    expect(auditActions(engine).filter((a) => a.action === 'sensors.calibrate').map((a) => [a.risk, a.summary])).toEqual([
      ['MEDIUM', 'Calibrated "TEMPerGold internal" (GOLD-1 internal): offset +0.00 °C → +1.20 °C, next due 2027-06-01. Note: checked against reference thermometer'],
      ['MEDIUM', 'Calibrated "TEMPerGold internal" (GOLD-1 internal): offset +1.20 °C → -0.30 °C, no due date'],
    ]);
    expect((await call(engine, 'sensors.list', {}, admin.token))[0]).toMatchObject({ calibrationOffsetCentiC: -30, calibrationDueMs: null });

    // The history is a projection of immutable facts in the month's log document.
    const id = engine.context.identity()!;
    const batches = [...engine.context.docs.get(logDocName(id.tenantId, home, history[0]!.atMs)).getMap<Uint8Array>(FACT_BATCHES_MAP).values()];
    const facts = batches.filter((b) => batchKind(b) === BATCH_KIND.calibration).flatMap(decodeCalibrationBatch);
    expect(facts.map((f) => [f.id, f.offsetCentiC, f.actorName]).sort()).toEqual(history.map((h) => [h.id, h.offsetCentiC, h.actorName]).sort());

    // A user of another location does not see the sensor at all.
    const uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '', timeZone: 'UTC', temperatureUnit: 'C' }, admin.token);
    const elsewhere = await addUser(engine, admin.token, { username: 'ula', role: 'LOCATION_MANAGER', locationIds: [uptown.id] });
    expect(await call(engine, 'sensors.list', {}, elsewhere.session.token)).toEqual([]);
    expect(await failure(engine, 'sensors.calibrate', { sensorId: sensor!.id, offsetCentiC: 0, dueMs: null, note: '' }, elsewhere.session.token)).toBe('NOT_FOUND');
    expect(await failure(engine, 'sensors.chart', { sensorId: sensor!.id, fromMs: 0, toMs: 1, buckets: 1 }, elsewhere.session.token)).toBe('NOT_FOUND');
  });

  it('sensors.update renames and relabels a sensor (audited) and its poll interval', async () => {
    const access = new SimulatedDeviceAccess();
    access.plug(new TemperSimulator({ firmware: 'TEMPerGold_V3.1', internal: 380, serialNumber: 'GOLD-2' }));
    const { engine, admin } = await engineWithDevices(access);
    const [sensor] = await sensorsNamed(engine, admin.token, 1);
    const updated = await call(engine, 'sensors.update', { sensorId: sensor!.id, name: 'Hot holding', unitLabel: 'Bain-marie', intervalS: 30 }, admin.token);
    expect(updated).toMatchObject({ name: 'Hot holding', unitLabel: 'Bain-marie', intervalS: 30 });
    expect(auditActions(engine).at(-1)).toMatchObject({
      action: 'sensors.update',
      summary: 'Changed sensor "TEMPerGold internal" (GOLD-2 internal): name "TEMPerGold internal" → "Hot holding", watches "" → "Bain-marie", interval 60 s → 30 s',
    });
    // A sensor no longer in use is retired, never deleted: its readings stay.
    expect(await call(engine, 'sensors.update', { sensorId: sensor!.id, active: false }, admin.token)).toMatchObject({ active: false });
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'sensors.update', summary: expect.stringContaining('retired') });
    expect((await call(engine, 'sensors.list', {}, admin.token))[0]).toMatchObject({ id: sensor!.id, active: false });
  });

  it('follows the logger switches set while running: download on plugging in, then restart the logger and set its clock', async () => {
    const access = new SimulatedDeviceAccess();
    const { engine, admin } = await engineWithDevices(access);
    await call(engine, 'settings.update', { autoDownloadLoggers: true, restartLoggersAfterDownload: true }, admin.token);
    const logger = new ElitechSimulator({ recordsTenths: [-180, -185, -190] });
    access.plug(logger);
    await expect.poll(() => logger.restarts, WAIT).toBe(1);
    expect(rowCount(engine, 'readings')).toBe(3);
    expect(logger.recordsTenths).toEqual([]);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'devices.download', actor_id: null, summary: expect.stringContaining('3 new, 0 already there') });
  });

  it('refuses to download what is not a logger, and a second download of a logger already downloading', async () => {
    const access = new SimulatedDeviceAccess();
    const temper = new TemperSimulator({ firmware: 'TEMPerGold_V3.1' });
    const logger = new ElitechSimulator();
    logger.answerDelayMs = 5;
    access.plug(temper);
    access.plug(logger);
    const { engine, admin } = await engineWithDevices(access);
    await deviceReady(engine, admin.token, temper.path);
    await deviceReady(engine, admin.token, logger.path);

    const notALogger = await engine.dispatch({ method: 'devices.download', input: { deviceId: temper.path }, token: admin.token });
    expect(notALogger).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: 'TEMPerGold_V3.1 is not a data logger: it is read live and has no stored log to download.' } });
    expect(await failure(engine, 'devices.download', { deviceId: '/dev/ttyGONE' }, admin.token)).toBe('NOT_FOUND');

    const first = call(engine, 'devices.download', { deviceId: logger.path }, admin.token);
    expect(await failure(engine, 'devices.download', { deviceId: logger.path }, admin.token)).toBe('CONFLICT');
    expect(await first).toEqual({ added: 2000, alreadyThere: 0 });
  });

  it('live readings waiting for their batch survive a crash and are stored at the next start', async () => {
    const access = new SimulatedDeviceAccess();
    access.plug(new TemperSimulator({ firmware: 'TEMPerGold_V3.1', internal: 432, serialNumber: 'GOLD-9' }));
    const { engine, admin, dataDir } = await engineWithDevices(access, { flushIntervalMs: 3_600_000 });
    const [sensor] = await sensorsNamed(engine, admin.token, 1);
    await expect.poll(async () => (await call(engine, 'sensors.list', {}, admin.token))[0]!.lastReading, WAIT).toMatchObject({ tempCentiC: 432 });
    expect(rowCount(engine, 'readings')).toBe(0);
    // The power goes out now: the files as they are on disk at this instant, no orderly close.
    const crashed = tempDataDir();
    open.push({ engine: { stopService: async () => {}, close: () => {} } as unknown as Engine, cleanup: crashed.cleanup });
    for (const file of ['opsflow.db', 'opsflow.db-wal']) {
      if (existsSync(join(dataDir, file))) copyFileSync(join(dataDir, file), join(crashed.dir, file));
    }
    const restarted = await openTestEngine({ dataDir: crashed.dir });
    try {
      await startDevices(restarted, { ...FAST, access: new SimulatedDeviceAccess() });
      const rows = storedReadings(restarted, sensor!.id);
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.temp_centi_c === 432 && r.source === 2)).toBe(true);
      expect(rowCount(restarted, 'live_reading_buffer')).toBe(0);
    } finally {
      await stopDevices(restarted);
      restarted.close();
    }
  });

  it('stores the live readings still waiting for their batch when the engine closes', async () => {
    const access = new SimulatedDeviceAccess();
    access.plug(new TemperSimulator({ firmware: 'TEMPerGold_V3.1', internal: 555, serialNumber: 'GOLD-3' }));
    const { engine, admin, dataDir } = await engineWithDevices(access, { flushIntervalMs: 3_600_000 });
    const [sensor] = await sensorsNamed(engine, admin.token, 1);
    await expect.poll(async () => (await call(engine, 'sensors.list', {}, admin.token))[0]!.lastReading, WAIT).toMatchObject({ tempCentiC: 555 });
    expect(rowCount(engine, 'readings')).toBe(0);

    const { cleanup } = open.pop()!;
    engine.close();
    const reopened = await openTestEngine({ dataDir });
    try {
      expect(storedReadings(reopened, sensor!.id).length).toBeGreaterThan(0);
    } finally {
      reopened.close();
      cleanup();
    }
  });
});

describe('probes on an RS-485 adapter', () => {
  /** Probes at 1, 2 and 5 on one bus; OpsFlow polls only address 1 until told otherwise. */
  async function busOfThree() {
    const access = new SimulatedDeviceAccess();
    const bus = new ModbusBusSimulator({
      serialNumber: 'RS485-P',
      probes: [
        { address: 1, temperature: 300 },
        { address: 2, temperature: 450, parity: 'even' },
        { address: 5, temperature: -1800, map: 'md02' },
      ],
    });
    access.plug(bus);
    const started = await engineWithDevices(access);
    await deviceReady(started.engine, started.admin.token, bus.path);
    return { access, bus, ...started };
  }

  async function busView(engine: Engine, token: string, deviceId: string) {
    return (await call(engine, 'devices.list', {}, token)).devices.find((d) => d.id === deviceId)!;
  }

  it('setting probes 1, 2 and 5 makes all three report; the list is kept for the adapter and used when it is plugged in again', async () => {
    const { access, bus, engine, admin } = await busOfThree();
    await sensorsNamed(engine, admin.token, 1);
    expect((await busView(engine, admin.token, bus.path)).probes).toEqual([{ address: 1, map: 'xy-md02' }]);

    const probes = [
      { address: 1, map: 'xy-md02' as const },
      { address: 2, map: 'xy-md02' as const },
      { address: 5, map: 'md02' as const },
    ];
    const view = await call(engine, 'devices.setProbes', { deviceId: bus.path, probes }, admin.token);
    expect(view.probes).toEqual(probes);
    const sensors = await sensorsNamed(engine, admin.token, 3);
    expect(sensors.map((s) => [s.name, s.deviceSerial, s.online])).toEqual([
      ['Probe 1', 'RS485-P#1', true],
      ['Probe 2', 'RS485-P#2', true],
      ['Probe 5', 'RS485-P#5', true],
    ]);
    await expect.poll(async () => (await call(engine, 'sensors.list', {}, admin.token)).find((s) => s.name === 'Probe 5')?.lastReading?.tempCentiC, WAIT).toBe(-1800);
    await expect.poll(async () => (await busView(engine, admin.token, bus.path)).sensorIds.sort(), WAIT).toEqual(sensors.map((s) => s.id).sort());
    expect(auditActions(engine).at(-1)).toMatchObject({
      action: 'devices.setProbes',
      risk: 'LOW',
      actor_id: admin.user.id,
      summary: 'Set the probes on Modbus probes (RS-485) (RS485-P): 1 (XY-MD02) → 1 (XY-MD02), 2 (XY-MD02), 5 (MD02)',
    });

    access.unplug(bus);
    await expect.poll(async () => (await call(engine, 'devices.list', {}, admin.token)).devices.length, WAIT).toBe(0);
    access.plug(bus);
    await expect.poll(async () => (await call(engine, 'devices.list', {}, admin.token)).devices[0]?.probes, WAIT).toEqual(probes);
    await expect.poll(async () => (await busView(engine, admin.token, bus.path)).sensorIds.length, WAIT).toBe(3);
  });

  it('changing a probe’s address moves it on the bus; the stored list and the device’s sensors follow', async () => {
    const { bus, engine, admin } = await busOfThree();
    await call(engine, 'devices.setProbes', { deviceId: bus.path, probes: [1, 2, 5].map((address) => ({ address, map: address === 5 ? ('md02' as const) : ('xy-md02' as const) })) }, admin.token);
    await sensorsNamed(engine, admin.token, 3);

    const view = await call(engine, 'devices.changeProbeAddress', { deviceId: bus.path, address: 5, newAddress: 7 }, admin.token);
    expect(bus.probeAt(5)).toBeUndefined();
    expect(bus.probeAt(7)).toMatchObject({ map: 'md02' });
    expect(view.probes).toEqual([
      { address: 1, map: 'xy-md02' },
      { address: 2, map: 'xy-md02' },
      { address: 7, map: 'md02' },
    ]);
    const sensors = await sensorsNamed(engine, admin.token, 4);
    const byName = new Map(sensors.map((s) => [s.name, s]));
    expect(byName.get('Probe 7')).toMatchObject({ deviceSerial: 'RS485-P#7' });
    await expect.poll(async () => (await call(engine, 'sensors.list', {}, admin.token)).find((s) => s.name === 'Probe 7')?.lastReading?.tempCentiC, WAIT).toBe(-1800);
    // The device's row lists the probes it polls now; the old address keeps its history as a sensor.
    await expect.poll(async () => (await busView(engine, admin.token, bus.path)).sensorIds.sort(), WAIT).toEqual(
      ['Probe 1', 'Probe 2', 'Probe 7'].map((n) => byName.get(n)!.id).sort(),
    );
    expect(auditActions(engine).at(-1)).toMatchObject({
      action: 'devices.changeProbeAddress',
      risk: 'MEDIUM',
      summary: 'Moved the probe at address 5 on Modbus probes (RS-485) (RS485-P) to address 7',
    });
    expect(engine.context.stationSettings.get('modbusProbes:RS485-P', null)).toEqual(view.probes);
  });

  it('refuses bad probe lists, taken addresses and devices without probes, with a sentence, changing nothing', async () => {
    const { access, bus, engine, admin } = await busOfThree();
    const temper = new TemperSimulator({ firmware: 'TEMPerGold_V3.1', serialNumber: 'GOLD-P' });
    access.plug(temper);
    await deviceReady(engine, admin.token, temper.path);
    // A probe at 9 that OpsFlow was not told about still answers at 9.
    bus.probes.push({ ...bus.probeAt(1)!, address: 9 });
    const before = { data: dataSnapshot(engine), audit: auditActions(engine).length };

    const refusal = async (method: 'devices.setProbes' | 'devices.changeProbeAddress', input: unknown) => {
      const result = await engine.dispatch({ method, input, token: admin.token });
      return result.ok ? null : result.error;
    };
    const one = (address: number) => ({ address, map: 'xy-md02' });
    expect(await refusal('devices.setProbes', { deviceId: bus.path, probes: [one(1), one(2), one(1)] })).toEqual({
      code: 'BAD_INPUT',
      message: 'Each probe on a bus needs its own address.',
    });
    for (const address of [0, 248]) {
      expect(await refusal('devices.setProbes', { deviceId: bus.path, probes: [one(address)] })).toEqual({
        code: 'BAD_INPUT',
        message: 'A probe address is 1 to 247.',
      });
      expect((await refusal('devices.changeProbeAddress', { deviceId: bus.path, address: 1, newAddress: address }))?.code).toBe('BAD_INPUT');
    }
    expect((await refusal('devices.setProbes', { deviceId: bus.path, probes: [] }))?.message).toContain('at least one probe');
    expect(await refusal('devices.setProbes', { deviceId: temper.path, probes: [one(1)] })).toEqual({
      code: 'BAD_INPUT',
      message: 'TEMPerGold_V3.1 is not an RS-485 adapter with Modbus probes, so it has no probe addresses to set.',
    });
    expect((await refusal('devices.changeProbeAddress', { deviceId: temper.path, address: 1, newAddress: 2 }))?.code).toBe('BAD_INPUT');
    expect((await refusal('devices.setProbes', { deviceId: '/dev/ttyGONE', probes: [one(1)] }))?.code).toBe('NOT_FOUND');
    expect(await refusal('devices.changeProbeAddress', { deviceId: bus.path, address: 4, newAddress: 6 })).toEqual({
      code: 'NOT_FOUND',
      message: 'No probe is set up at address 4 on Modbus probes (RS-485). Add it to the probes first.',
    });
    expect(await refusal('devices.changeProbeAddress', { deviceId: bus.path, address: 1, newAddress: 9 })).toEqual({
      code: 'CONFLICT',
      message: 'Another probe already uses address 9. Choose a free address.',
    });

    expect(bus.probes.map((p) => p.address)).toEqual([1, 2, 5, 9]);
    expect((await busView(engine, admin.token, bus.path)).probes).toEqual([{ address: 1, map: 'xy-md02' }]);
    expect(dataSnapshot(engine)).toBe(before.data);
    expect(auditActions(engine).filter((a) => a.action.startsWith('devices.')).length).toBe(0);
  });

  it('staff may not set probes or change their addresses', async () => {
    const { bus, engine, admin } = await busOfThree();
    const staff = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const before = dataSnapshot(engine);
    expect(await failure(engine, 'devices.setProbes', { deviceId: bus.path, probes: [{ address: 2, map: 'xy-md02' }] }, staff.session.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'devices.changeProbeAddress', { deviceId: bus.path, address: 1, newAddress: 3 }, staff.session.token)).toBe('FORBIDDEN');
    expect(bus.probeAt(1)).toBeDefined();
    expect(bus.probeAt(3)).toBeUndefined();
    expect((await busView(engine, admin.token, bus.path)).probes).toEqual([{ address: 1, map: 'xy-md02' }]);
    expect(dataSnapshot(engine)).toBe(before);
  });

  it('in demo mode the three demo probes can be re-addressed too, without storing anything for this PC', async () => {
    const { engine, admin } = await engineWithDevices(null, { demo: true });
    await expect.poll(async () => (await call(engine, 'devices.list', {}, admin.token)).devices.find((d) => d.probes)?.probes, WAIT).toEqual(
      [1, 2, 3].map((address) => ({ address, map: 'xy-md02' })),
    );
    const demoBus = (await call(engine, 'devices.list', {}, admin.token)).devices.find((d) => d.probes)!;
    const view = await call(engine, 'devices.changeProbeAddress', { deviceId: demoBus.id, address: 3, newAddress: 4 }, admin.token);
    expect(view.probes?.map((p) => p.address)).toEqual([1, 2, 4]);
    await expect.poll(async () => (await call(engine, 'sensors.list', {}, admin.token)).some((s) => s.name === 'Probe 4'), WAIT).toBe(true);
    expect(engine.context.sqlite.prepare("SELECT count(*) AS n FROM device_settings WHERE key LIKE 'modbusProbes:%'").get()).toEqual({ n: 0 });
  });
});

describe('demo mode', () => {
  it('starts with a walk-in TEMPer2 and three probes; the logger is plugged in from the Devices screen and downloads by itself', async () => {
    const { engine, admin, events } = await engineWithDevices(null, { demo: true, autoDownload: true });
    const listed = await call(engine, 'devices.list', {}, admin.token);
    expect(listed.demoMode).toBe(true);
    await expect.poll(async () => (await call(engine, 'devices.list', {}, admin.token)).devices.map((d) => [d.label, d.status, d.simulated]).sort(), WAIT).toEqual([
      ['Modbus probes (RS-485)', 'ready', true],
      ['TEMPer2_V3.7', 'ready', true],
    ]);
    const sensors = await sensorsNamed(engine, admin.token, 5);
    expect(sensors.map((s) => [s.name, s.unitLabel, s.intervalS]).sort()).toEqual([
      ['Probe 1', 'Reach-in fridge', 5],
      ['Probe 2', 'Prep line fridge', 5],
      ['Probe 3', 'Freezer', 5],
      ['Walk-in cooler air', 'Walk-in cooler', 5],
      ['Walk-in cooler product probe', 'Walk-in cooler', 5],
    ]);
    await expect.poll(async () => (await call(engine, 'sensors.list', {}, admin.token)).find((s) => s.name === 'Probe 3')?.lastReading?.tempCentiC, WAIT).toBeLessThan(-1500);
    expect((await call(engine, 'settings.get', {}, admin.token)).demoMode).toBe(true);

    const staff = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const { deviceId } = await call(engine, 'devices.demoPlug', { device: 'elitech-logger' }, staff.session.token);
    await expect.poll(() => payloadsOf(events, 'devices.changed').some((e) => e.deviceId === deviceId && e.message?.startsWith('Stored 2,000 new readings')), WAIT).toBe(true);
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
    await startDevices(engine, { ...FAST, demo: true });
    await new Promise((r) => setTimeout(r, 100)); // live readings before setup have nowhere to go
    const admin = await setUpOrganization(engine); // America/New_York
    await call(engine, 'devices.demoPlug', { device: 'elitech-logger' }, admin.token);
    await expect.poll(async () => (await call(engine, 'sensors.list', {}, admin.token)).some((s) => s.deviceFamily === 'elitech'), WAIT).toBe(true);
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
    await expect.poll(async () => (await call(engine, 'devices.list', {}, admin.token)).devices.length, WAIT).toBe(2);
    expect((await call(engine, 'devices.list', {}, admin.token)).demoMode).toBe(true);
    await call(engine, 'devices.demoPlug', { device: 'elitech-logger' }, admin.token);

    await call(engine, 'settings.update', { demoMode: false }, admin.token);
    expect(await call(engine, 'devices.list', {}, admin.token)).toEqual({ devices: [], demoMode: false });
    expect((await call(engine, 'settings.get', {}, admin.token)).demoMode).toBe(false);
  });

  it('a backup restore stops the devices and starts them again on the restored data', async () => {
    const { engine, admin } = await engineWithDevices(null, { demo: true });
    await sensorsNamed(engine, admin.token, 5);
    const backup = await call(engine, 'backup.now', {}, admin.token);
    await call(engine, 'backup.restore', { path: backup.path, confirm: true }, admin.token);
    const token = (await call(engine, 'auth.signIn', { username: 'alice', password: 'correct horse battery' })).token;
    const before = rowCount(engine, 'readings');
    await expect.poll(() => rowCount(engine, 'readings'), WAIT).toBeGreaterThan(before);
    expect((await call(engine, 'devices.list', {}, token)).demoMode).toBe(true);
  });
});
