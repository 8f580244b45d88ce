import { copyFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engine';
import { until, untilPasses, useDeviceClock } from '../testing/device-clock';
import { closeDeviceEngines, engineWithDevices, IDENTIFIED_WITHIN_MS, openDeviceEngines as open, payloadsOf, sensorsNamed, storedReadings } from '../testing/devices-engine';
import { auditActions, call, openTestEngine, rowCount, startDevices, stopDevices, tempDataDir } from '../testing/test-engine';
import { ModbusBusSimulator, toAddress } from './simulators/modbus-simulator';
import { SimulatedDeviceAccess } from './simulators/simulated-device-access';
import { TemperSimulator } from './simulators/temper-simulator';

useDeviceClock();
afterEach(closeDeviceEngines);

/** Production timings: a live sensor is polled every minute and its readings stored in batches every five. */
const POLL_MS = 60_000;
const FLUSH_MS = 5 * 60_000;

describe('live readings', () => {
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
    await until(() => storedReadings(engine, freezer.id).length > 1, FLUSH_MS + POLL_MS, 'a batch of the freezer probe stored');
    expect(storedReadings(engine, freezer.id).every((r) => r.temp_centi_c === -2050 && r.source === 2)).toBe(true);

    await call(engine, 'sensors.calibrate', { sensorId: internal.id, offsetCentiC: -50, dueMs: null, note: 'ice bath check' }, admin.token);
    const calibratedAt = (await call(engine, 'sensors.calibrationHistory', { sensorId: internal.id }, admin.token))[0]!.atMs;
    await until(() => storedReadings(engine, internal.id).filter((r) => r.at_ms > calibratedAt).length > 1, FLUSH_MS + POLL_MS, 'calibrated readings stored');
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
    await untilPasses(() => {
      expect(payloadsOf(events, 'sensors.online')).toContainEqual({ sensorId: probe!.id, online: false, message: expect.stringContaining('did not answer') });
    }, 4 * POLL_MS);
    expect(auditActions(engine)).toContainEqual(
      expect.objectContaining({ action: 'sensors.offline', risk: 'MEDIUM', summary: expect.stringMatching(/^Sensor "Probe 1" went offline after missing 3 polls in a row: /) }),
    );
    expect((await call(engine, 'devices.list', {}, admin.token)).devices[0]!.lastError).toMatch(/did not answer/);

    await untilPasses(() => {
      expect(payloadsOf(events, 'sensors.online')).toContainEqual({ sensorId: probe!.id, online: true, message: null });
    }, 2 * POLL_MS);
    expect((await call(engine, 'sensors.list', {}, admin.token))[0]!.online).toBe(true);
    expect(payloadsOf(events, 'sensors.online').filter((e) => !e.online)).toHaveLength(1);
  });

  it('live readings waiting for their batch survive a crash and are stored at the next start', async () => {
    const access = new SimulatedDeviceAccess();
    access.plug(new TemperSimulator({ firmware: 'TEMPerGold_V3.1', internal: 432, serialNumber: 'GOLD-9' }));
    const { engine, admin, dataDir } = await engineWithDevices(access, { flushIntervalMs: 3_600_000 });
    const [sensor] = await sensorsNamed(engine, admin.token, 1);
    await untilPasses(async () => {
      expect((await call(engine, 'sensors.list', {}, admin.token))[0]!.lastReading).toMatchObject({ tempCentiC: 432 });
    }, IDENTIFIED_WITHIN_MS);
    expect(rowCount(engine, 'readings')).toBe(0);
    // The power goes out now: the files as they are on disk at this instant, no orderly close.
    const crashed = tempDataDir();
    open.push({ engine: { stopService: async () => {}, close: () => {} } as unknown as Engine, cleanup: crashed.cleanup });
    for (const file of ['opsflow.db', 'opsflow.db-wal']) {
      if (existsSync(join(dataDir, file))) copyFileSync(join(dataDir, file), join(crashed.dir, file));
    }
    const restarted = await openTestEngine({ dataDir: crashed.dir });
    try {
      await startDevices(restarted, { access: new SimulatedDeviceAccess() });
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
    await untilPasses(async () => {
      expect((await call(engine, 'sensors.list', {}, admin.token))[0]!.lastReading).toMatchObject({ tempCentiC: 555 });
    }, IDENTIFIED_WITHIN_MS);
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
