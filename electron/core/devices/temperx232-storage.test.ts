import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engine';
import { until, useDeviceClock } from '../testing/device-clock';
import { IDENTIFIED_WITHIN_MS } from '../testing/devices-engine';
import { call, openTestEngine, setUpOrganization, startDevices, stopDevices, tempDataDir } from '../testing/test-engine';
import { SimulatedDeviceAccess } from './simulators/simulated-device-access';
import { TemperX232Simulator } from './simulators/temperx232-simulator';

/** Live readings are stored in batches every five minutes. */
const FLUSH_MS = 5 * 60_000;

useDeviceClock();
let engine: Engine | null = null;
let cleanup: (() => void) | null = null;
afterEach(async () => {
  if (engine) await stopDevices(engine);
  engine?.close();
  cleanup?.();
  engine = null;
});

describe('a TEMPerX232 on the serial port', () => {
  it('is recognised and its two channels are stored in SQLite as live readings, below zero included', async () => {
    const temp = tempDataDir();
    cleanup = temp.cleanup;
    engine = await openTestEngine({ dataDir: temp.dir });
    const admin = await setUpOrganization(engine);
    const access = new SimulatedDeviceAccess();
    access.plug(new TemperX232Simulator({ internal: 412, external: -1875, serialNumber: 'X232-7' }));
    await startDevices(engine, { access });

    await until(async () => (await call(engine!, 'sensors.list', {}, admin.token)).length === 2, IDENTIFIED_WITHIN_MS, 'two sensors');
    const sensors = await call(engine, 'sensors.list', {}, admin.token);
    expect(sensors.map((s) => [s.deviceFamily, s.deviceSerial, s.channel]).sort()).toEqual([
      ['temperx232', 'X232-7', 'external'],
      ['temperx232', 'X232-7', 'internal'],
    ]);
    const stored = (sensorId: string) =>
      engine!.context.sqlite.prepare('SELECT temp_centi_c AS t, source FROM readings WHERE sensor_id = ?').all(sensorId) as { t: number; source: number }[];
    for (const s of sensors) {
      await until(() => stored(s.id).length > 0, FLUSH_MS, `${s.channel} readings stored`);
      expect(stored(s.id).every((r) => r.t === (s.channel === 'internal' ? 412 : -1875) && r.source === 2)).toBe(true);
    }
    const devices = (await call(engine, 'devices.list', {}, admin.token)).devices;
    expect(devices).toEqual([expect.objectContaining({ family: 'temperx232', kind: 'live', status: 'ready', serialNumber: 'X232-7' })]);
  });
});
