import { afterEach, describe, expect, it } from 'vitest';
import { settle, until, useDeviceClock } from '../testing/device-clock';
import { closeDeviceEngines, deviceReady, engineWithDevices, IDENTIFIED_WITHIN_MS, payloadsOf, sensorsNamed, storedReadings } from '../testing/devices-engine';
import { auditActions, call, failure, rowCount } from '../testing/test-engine';
import { bodyPage, ElitechSimulator } from './simulators/elitech-simulator';
import { SimulatedDeviceAccess } from './simulators/simulated-device-access';
import { TemperSimulator } from './simulators/temper-simulator';

useDeviceClock();
afterEach(closeDeviceEngines);

/** Device time a whole download may take: 20 pages of an RC-4, each answered within a few ms. */
const DOWNLOAD_WITHIN_MS = 60_000;
/** Live readings are stored in batches every five minutes. */
const FLUSH_MS = 5 * 60_000;

describe('logger downloads', () => {
  it('downloads a logger into SQLite with progress and an audit entry; downloading it again adds nothing; the chart reads it', async () => {
    const access = new SimulatedDeviceAccess();
    const logger = new ElitechSimulator({ model: 'RC-4' });
    access.plug(logger);
    const { engine, admin, events } = await engineWithDevices(access);
    await deviceReady(engine, admin.token, logger.path);

    expect(await settle(call(engine, 'devices.download', { deviceId: logger.path }, admin.token), DOWNLOAD_WITHIN_MS)).toEqual({ added: 2000, alreadyThere: 0 });
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

    expect(await settle(call(engine, 'devices.download', { deviceId: logger.path }, admin.token), DOWNLOAD_WITHIN_MS)).toEqual({ added: 0, alreadyThere: 2000 });
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

    expect(await settle(failure(engine, 'devices.download', { deviceId: logger.path }, admin.token), DOWNLOAD_WITHIN_MS)).toBe('DEVICE_UNPLUGGED');
    expect(payloadsOf(events, 'devices.changed')).toContainEqual({ deviceId: logger.path, message: expect.stringContaining('Nothing from it was stored') });
    const sensors = await sensorsNamed(engine, admin.token, 2);
    expect(sensors.map((s) => s.deviceFamily)).toEqual(['temper', 'temper']);
    expect(auditActions(engine).some((a) => a.action === 'devices.download')).toBe(false);

    const storedBefore = rowCount(engine, 'readings');
    await until(() => rowCount(engine, 'readings') > storedBefore + 4, 2 * FLUSH_MS, 'more live readings stored');
    expect((await call(engine, 'devices.list', {}, admin.token)).devices.map((d) => d.id)).toEqual([temper.path]);
  });

  it('follows the logger switches set while running: download on plugging in, then restart the logger and set its clock', async () => {
    const access = new SimulatedDeviceAccess();
    const { engine, admin } = await engineWithDevices(access);
    await call(engine, 'settings.update', { autoDownloadLoggers: true, restartLoggersAfterDownload: true }, admin.token);
    const logger = new ElitechSimulator({ recordsTenths: [-180, -185, -190] });
    access.plug(logger);
    await until(() => logger.restarts === 1, IDENTIFIED_WITHIN_MS + DOWNLOAD_WITHIN_MS, 'the logger restarted');
    expect(rowCount(engine, 'readings')).toBe(3);
    expect(logger.recordsTenths).toEqual([]);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'devices.download', actor_id: null, summary: expect.stringContaining('3 new, 0 already there') });
  });

  it('refuses to download what is not a logger, and a second download of a logger already downloading', async () => {
    const access = new SimulatedDeviceAccess();
    const temper = new TemperSimulator({ firmware: 'TEMPerGold_V3.1' });
    const logger = new ElitechSimulator();
    access.plug(temper);
    access.plug(logger);
    const { engine, admin } = await engineWithDevices(access);
    await deviceReady(engine, admin.token, temper.path);
    await deviceReady(engine, admin.token, logger.path);

    const notALogger = await engine.dispatch({ method: 'devices.download', input: { deviceId: temper.path }, token: admin.token });
    expect(notALogger).toEqual({ ok: false, error: { code: 'BAD_INPUT', message: 'TEMPerGold_V3.1 is not a data logger: it is read live and has no stored log to download.' } });
    expect(await failure(engine, 'devices.download', { deviceId: '/dev/ttyGONE' }, admin.token)).toBe('NOT_FOUND');

    // The clock stands still until the test moves it: the first download is still under way.
    const first = call(engine, 'devices.download', { deviceId: logger.path }, admin.token);
    expect(await failure(engine, 'devices.download', { deviceId: logger.path }, admin.token)).toBe('CONFLICT');
    expect(await settle(first, DOWNLOAD_WITHIN_MS)).toEqual({ added: 2000, alreadyThere: 0 });
  });
});
