import { afterEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import type { Engine } from '../engine';
import { settle, until, useDeviceClock } from '../testing/device-clock';
import { IDENTIFIED_WITHIN_MS } from '../testing/devices-engine';
import { call, openTestEngine, setUpOrganization, startDevices, stopDevices, tempDataDir } from '../testing/test-engine';
import { ElitechSimulator } from './simulators/elitech-simulator';
import { ModbusBusSimulator } from './simulators/modbus-simulator';
import { SimulatedDeviceAccess } from './simulators/simulated-device-access';
import { TemperSimulator } from './simulators/temper-simulator';
import { TemperX232Simulator } from './simulators/temperx232-simulator';

/**
 * Humidity from each family that measures it, through the real byte protocols (the simulators), the
 * device manager, the readings seam and the projection, into the same rows as the temperature: one
 * sensor per temperature channel, its humidity beside it, never a sensor of its own.
 */

/** Live readings are stored in batches every five minutes. */
const FLUSH_MS = 5 * 60_000;
/** A 300-record logger at its 120 ms answers, with room to spare. */
const DOWNLOAD_WITHIN_MS = 60_000;

useDeviceClock();

const open: { engine: Engine; cleanup: () => void }[] = [];
afterEach(async () => {
  for (const { engine, cleanup } of open.splice(0)) {
    await stopDevices(engine);
    engine.close();
    cleanup();
  }
});

async function engineWatching(access: SimulatedDeviceAccess) {
  const temp = tempDataDir();
  const engine = await openTestEngine({ dataDir: temp.dir });
  open.push({ engine, cleanup: temp.cleanup });
  const admin = await setUpOrganization(engine);
  engine.context.stationSettings.set('autoDownloadLoggers', false);
  await startDevices(engine, { access });
  return { engine, admin };
}

type Row = { at_ms: number; temp_centi_c: number; humidity_centi_pct: number | null; source: number };

function rows(engine: Engine, sensorId: string): Row[] {
  return engine.context.sqlite.prepare('SELECT at_ms, temp_centi_c, humidity_centi_pct, source FROM readings WHERE sensor_id = ? ORDER BY at_ms').all(sensorId) as Row[];
}

async function sensorsOnceStored(engine: Engine, admin: SessionInfo, count: number) {
  await until(async () => (await call(engine, 'sensors.list', {}, admin.token)).length === count, IDENTIFIED_WITHIN_MS, `${count} sensors`);
  const sensors = await call(engine, 'sensors.list', {}, admin.token);
  for (const s of sensors) await until(() => rows(engine, s.id).length > 0, FLUSH_MS, `readings of ${s.name} stored`);
  return sensors;
}

async function chartOf(engine: Engine, admin: SessionInfo, sensorId: string) {
  const stored = rows(engine, sensorId);
  return call(engine, 'sensors.chart', { sensorId, fromMs: stored[0]!.at_ms, toMs: stored.at(-1)!.at_ms + 1, buckets: 10 }, admin.token);
}

describe('humidity is stored with the temperature of the same sensor', () => {
  it('from a TEMPerHUM (USB HID)', async () => {
    const access = new SimulatedDeviceAccess();
    access.plug(new TemperSimulator({ firmware: 'TEMPerHUM_V3.9', internal: 2150, rhCentiPct: 4567, serialNumber: 'HUM-1' }));
    const { engine, admin } = await engineWatching(access);
    const [sensor, ...others] = await sensorsOnceStored(engine, admin, 1);
    expect(others).toEqual([]);
    expect(sensor).toMatchObject({ deviceFamily: 'temper', deviceSerial: 'HUM-1', channel: 'internal' });
    expect(rows(engine, sensor!.id).every((r) => r.temp_centi_c === 2150 && r.humidity_centi_pct === 4567 && r.source === 2)).toBe(true);
    expect((await chartOf(engine, admin, sensor!.id)).humidityStats).toMatchObject({ minCentiPct: 4567, maxCentiPct: 4567, avgCentiPct: 4567 });
  });

  it('from a TEMPerX232 (serial): the inner sensor has humidity, the outer probe none', async () => {
    const access = new SimulatedDeviceAccess();
    access.plug(new TemperX232Simulator({ internal: 412, external: -1875, rhCentiPct: 5530, serialNumber: 'X232-H' }));
    const { engine, admin } = await engineWatching(access);
    const sensors = await sensorsOnceStored(engine, admin, 2);
    const byChannel = new Map(sensors.map((s) => [s.channel, s]));
    expect(rows(engine, byChannel.get('internal')!.id).every((r) => r.temp_centi_c === 412 && r.humidity_centi_pct === 5530)).toBe(true);
    expect(rows(engine, byChannel.get('external')!.id).every((r) => r.temp_centi_c === -1875 && r.humidity_centi_pct === null)).toBe(true);
    expect((await chartOf(engine, admin, byChannel.get('internal')!.id)).humidityStats).toMatchObject({ avgCentiPct: 5530 });
    expect((await chartOf(engine, admin, byChannel.get('external')!.id)).humidityStats).toBeNull();
  });

  it('from XY-MD02 probes on an RS-485 bus (Modbus RTU): each probe is one sensor with both registers', async () => {
    const access = new SimulatedDeviceAccess();
    access.plug(
      new ModbusBusSimulator({
        serialNumber: 'RS485-H',
        probes: [
          { address: 1, temperature: 380, rhCentiPct: 6200 },
          { address: 2, temperature: -1950, rhCentiPct: 7010 },
        ],
      }),
    );
    const temp = tempDataDir();
    const engine = await openTestEngine({ dataDir: temp.dir });
    open.push({ engine, cleanup: temp.cleanup });
    const admin = await setUpOrganization(engine);
    await startDevices(engine, { access, modbusProbes: () => [1, 2].map((address) => ({ address, map: 'xy-md02' as const })) });
    const sensors = await sensorsOnceStored(engine, admin, 2);
    const byName = new Map(sensors.map((s) => [s.name, s]));
    // XY-MD02 registers hold tenths: 62.0 %RH and 70.1 %RH.
    expect(rows(engine, byName.get('Probe 1')!.id).every((r) => r.temp_centi_c === 380 && r.humidity_centi_pct === 6200)).toBe(true);
    expect(rows(engine, byName.get('Probe 2')!.id).every((r) => r.temp_centi_c === -1950 && r.humidity_centi_pct === 7010)).toBe(true);
  });

  it('from an Elitech RC-4HC download, and downloading it again adds nothing', async () => {
    const access = new SimulatedDeviceAccess();
    const humidityTenths = Array.from({ length: 300 }, (_, i) => 650 + (i % 300));
    const logger = new ElitechSimulator({ model: 'RC-4HC', recordsTenths: Array.from({ length: 300 }, (_, i) => 20 + (i % 7)), humidityTenths });
    access.plug(logger);
    const { engine, admin } = await engineWatching(access);
    await until(async () => (await call(engine, 'devices.list', {}, admin.token)).devices[0]?.status === 'ready', IDENTIFIED_WITHIN_MS, 'the logger recognised');

    expect(await settle(call(engine, 'devices.download', { deviceId: logger.path }, admin.token), DOWNLOAD_WITHIN_MS)).toEqual({ added: 300, alreadyThere: 0 });
    const [sensor, ...others] = await call(engine, 'sensors.list', {}, admin.token);
    expect(others).toEqual([]);
    expect(sensor).toMatchObject({ deviceFamily: 'elitech', channel: 'internal' });
    const stored = rows(engine, sensor!.id);
    expect(stored.map((r) => r.humidity_centi_pct)).toEqual(humidityTenths.map((h) => h * 10));
    expect(stored.map((r) => r.temp_centi_c)).toEqual(Array.from({ length: 300 }, (_, i) => (20 + (i % 7)) * 10));
    expect(await settle(call(engine, 'devices.download', { deviceId: logger.path }, admin.token), DOWNLOAD_WITHIN_MS)).toEqual({ added: 0, alreadyThere: 300 });

    const chart = await chartOf(engine, admin, sensor!.id);
    expect(chart.humidityStats).toEqual({ minCentiPct: 6500, maxCentiPct: 9490, avgCentiPct: expect.any(Number), count: 300 });
    expect(chart.points.every((p) => p.humidity !== null)).toBe(true);
    expect(engine.context.sqlite.prepare('SELECT SUM(humidity_count) FROM reading_rollups WHERE sensor_id = ?').pluck().get(sensor!.id)).toBe(300);
  });
});
