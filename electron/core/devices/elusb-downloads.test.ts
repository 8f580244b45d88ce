import { afterEach, describe, expect, it } from 'vitest';
import { settle, until, useDeviceClock } from '../testing/device-clock';
import { closeDeviceEngines, deviceReady, engineWithDevices, IDENTIFIED_WITHIN_MS, payloadsOf } from '../testing/devices-engine';
import { auditActions, call, failure, rowCount } from '../testing/test-engine';
import { ElUsbSimulator, walkInLog } from './simulators/elusb-simulator';
import { SimulatedDeviceAccess } from './simulators/simulated-device-access';

useDeviceClock();
afterEach(closeDeviceEngines);

/** Device time a whole download may take: a 32 KB memory in 4 KB reads, each answered within a few ms. */
const DOWNLOAD_WITHIN_MS = 60_000;
const readLog = (r: Uint8Array) => r.length === 3 && r[0] === 0x03;

type Row = { at_ms: number; temp_centi_c: number; humidity_centi_pct: number | null; source: number };
const rowsOf = (engine: Awaited<ReturnType<typeof engineWithDevices>>['engine'], sensorId: string): Row[] =>
  engine.context.sqlite.prepare('SELECT at_ms, temp_centi_c, humidity_centi_pct, source FROM readings WHERE sensor_id = ? ORDER BY at_ms').all(sensorId) as Row[];

describe('Lascar EL-USB downloads through the engine', () => {
  it('lists the logger by model, downloads it into SQLite with progress and an audit entry; downloading it again adds nothing', async () => {
    const access = new SimulatedDeviceAccess();
    const samples = walkInLog(5000);
    const logger = new ElUsbSimulator({ samples, serialNumber: 4660 });
    access.plug(logger);
    const { engine, admin, events } = await engineWithDevices(access);
    await deviceReady(engine, admin.token, logger.path);
    expect((await call(engine, 'devices.list', {}, admin.token)).devices).toEqual([
      expect.objectContaining({ id: logger.path, family: 'elusb', kind: 'logger', label: 'Lascar EL-USB-2', serialNumber: '4660', health: 'Logging', status: 'ready' }),
    ]);

    expect(await settle(call(engine, 'devices.download', { deviceId: logger.path }, admin.token), DOWNLOAD_WITHIN_MS)).toEqual({ added: 5000, alreadyThere: 0 });
    const [sensor] = await call(engine, 'sensors.list', {}, admin.token);
    expect(sensor).toMatchObject({ name: 'Lascar EL-USB-2 4660', deviceSerial: '4660', deviceFamily: 'elusb', channel: 'internal', intervalS: 60 });
    const rows = rowsOf(engine, sensor!.id);
    expect(rows.map((r) => r.temp_centi_c)).toEqual(samples.map((s) => s.t * 50 - 4000));
    expect(rows.map((r) => r.humidity_centi_pct)).toEqual(samples.map((s) => s.rh! * 50));
    expect(rows.every((r) => r.source === 1)).toBe(true);
    expect(auditActions(engine).at(-1)).toMatchObject({
      action: 'devices.download',
      actor_id: admin.user.id,
      summary: 'Downloaded 5,000 readings from Lascar EL-USB-2 #4660: 5,000 new, 0 already there',
    });
    const progress = payloadsOf(events, 'devices.progress');
    expect(progress.map((p) => p.done)).toEqual([0, 2048, 4096, 5000]);
    expect(progress.at(-1)).toMatchObject({ deviceId: logger.path, total: 5000, etaMs: 0 });

    expect(await settle(call(engine, 'devices.download', { deviceId: logger.path }, admin.token), DOWNLOAD_WITHIN_MS)).toEqual({ added: 0, alreadyThere: 5000 });
    expect(rowCount(engine, 'readings')).toBe(5000);
  });

  it('an unplug mid-download stores nothing and says so; plugged in again, it downloads whole', async () => {
    const access = new SimulatedDeviceAccess();
    const logger = new ElUsbSimulator({ samples: walkInLog(12_000) });
    logger.inject({ fault: 'unplug', when: readLog, times: 1 });
    access.plug(logger);
    const { engine, admin, events } = await engineWithDevices(access);
    await deviceReady(engine, admin.token, logger.path);

    expect(await settle(failure(engine, 'devices.download', { deviceId: logger.path }, admin.token), DOWNLOAD_WITHIN_MS)).toBe('DEVICE_UNPLUGGED');
    expect(payloadsOf(events, 'devices.changed')).toContainEqual({ deviceId: logger.path, message: expect.stringContaining('Nothing from it was stored') });
    expect(payloadsOf(events, 'devices.progress').some((p) => p.done > 0 && p.done < 12_000)).toBe(true);
    expect(rowCount(engine, 'readings')).toBe(0);
    expect(await call(engine, 'sensors.list', {}, admin.token)).toEqual([]);
    expect(auditActions(engine).some((a) => a.action === 'devices.download')).toBe(false);
    await until(async () => (await call(engine, 'devices.list', {}, admin.token)).devices.length === 0, IDENTIFIED_WITHIN_MS, 'the logger gone from the list');

    access.plug(logger);
    await deviceReady(engine, admin.token, logger.path);
    expect(await settle(call(engine, 'devices.download', { deviceId: logger.path }, admin.token), DOWNLOAD_WITHIN_MS)).toEqual({ added: 12_000, alreadyThere: 0 });
  });

  it('a log cut short or announced at a bad length stores nothing, with a sentence', async () => {
    for (const fault of ['short-read', 'bad-length'] as const) {
      const access = new SimulatedDeviceAccess();
      const logger = new ElUsbSimulator({ samples: walkInLog(3000) });
      logger.inject({ fault, when: readLog });
      access.plug(logger);
      const { engine, admin, events } = await engineWithDevices(access);
      await deviceReady(engine, admin.token, logger.path);
      const result = await settle(engine.dispatch({ method: 'devices.download', input: { deviceId: logger.path }, token: admin.token }), DOWNLOAD_WITHIN_MS);
      expect(result).toMatchObject({ ok: false, error: { code: fault === 'short-read' ? 'FRAME_TRUNCATED' : 'FRAME_INVALID', message: expect.stringContaining('Nothing from it was stored') } });
      expect(payloadsOf(events, 'devices.changed')).toContainEqual({ deviceId: logger.path, message: expect.stringContaining('Nothing from it was stored') });
      expect(rowCount(engine, 'readings')).toBe(0);
    }
  });

  it('downloads on plugging in and restarts logging when the switches say so: a new, empty log that starts now', async () => {
    const access = new SimulatedDeviceAccess();
    const { engine, admin } = await engineWithDevices(access);
    await call(engine, 'settings.update', { autoDownloadLoggers: true, restartLoggersAfterDownload: true }, admin.token);
    const logger = new ElUsbSimulator({ samples: walkInLog(30), intervalS: 600 });
    logger.logging = false;
    access.plug(logger);
    await until(() => logger.restarts === 1, IDENTIFIED_WITHIN_MS + DOWNLOAD_WITHIN_MS, 'the logger restarted');
    expect(rowCount(engine, 'readings')).toBe(30);
    expect(logger).toMatchObject({ samples: [], logging: true, intervalS: 600 });
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'devices.download', actor_id: null, summary: expect.stringContaining('30 new, 0 already there') });
  });

  it('an EasyLog model OpsFlow does not read is listed with a sentence naming it, and never downloaded', async () => {
    const access = new SimulatedDeviceAccess();
    const logger = new ElUsbSimulator({ modelId: 9 });
    access.plug(logger);
    const { engine, admin } = await engineWithDevices(access);
    await until(async () => (await call(engine, 'devices.list', {}, admin.token)).devices.some((d) => d.status === 'failed'), IDENTIFIED_WITHIN_MS, 'the logger refused');
    const [device] = (await call(engine, 'devices.list', {}, admin.token)).devices;
    expect(device).toMatchObject({
      id: logger.path,
      status: 'failed',
      lastError: 'The Lascar EL-USB-CO is an EasyLog model OpsFlow cannot read. OpsFlow reads the EL-USB-1 and EL-USB-2 temperature loggers.',
    });
    expect(await failure(engine, 'devices.download', { deviceId: logger.path }, admin.token)).toBe('BAD_INPUT');
    expect(logger.requests.filter(readLog)).toHaveLength(0);
  });

  it('demo mode: the EasyLog logger is plugged in from the Devices screen and downloads by itself, its log ending now', async () => {
    const { engine, admin, events } = await engineWithDevices(null, { demo: true, autoDownload: true });
    const { deviceId } = await call(engine, 'devices.demoPlug', { device: 'easylog-logger' }, admin.token);
    await until(() => payloadsOf(events, 'devices.changed').some((e) => e.deviceId === deviceId && e.message?.startsWith('Stored 2,000 new readings')), DOWNLOAD_WITHIN_MS, 'the demo EasyLog stored');
    const sensor = (await call(engine, 'sensors.list', {}, admin.token)).find((s) => s.deviceFamily === 'elusb')!;
    expect(sensor).toMatchObject({ name: 'EasyLog EL-USB-2 walk-in', unitLabel: 'Walk-in cooler' });
    const rows = rowsOf(engine, sensor.id);
    expect(rows).toHaveLength(2000);
    expect(rows.every((r) => r.temp_centi_c >= 200 && r.temp_centi_c <= 600 && r.humidity_centi_pct !== null)).toBe(true);
    expect(Date.now() - rows.at(-1)!.at_ms).toBeLessThan(5 * 60_000);
    expect((await call(engine, 'devices.list', {}, admin.token)).devices).toContainEqual(expect.objectContaining({ id: deviceId, label: 'Lascar EL-USB-2', simulated: true }));
  });
});
