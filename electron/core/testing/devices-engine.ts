import { vi } from 'vitest';
import type { EventMap, Topic } from '../../../domain/contract';
import type { DevicesServiceOptions } from '../devices/devices-service-options';
import type { SimulatedDeviceAccess } from '../devices/simulators/simulated-device-access';
import type { Engine } from '../engine';
import { until } from './device-clock';
import { call, openTestEngine, setUpOrganization, startDevices, stopDevices, tempDataDir } from './test-engine';

/**
 * A set-up engine watching simulated devices: the usual start of a test of the devices feature.
 * The devices run with their production timings on the test's fake clock (`useDeviceClock()` in
 * the test file; see device-clock.ts). `closeDeviceEngines` (in afterEach) stops and removes
 * every one opened.
 */

/**
 * Device time within which a plugged device is listed, identified and read once: the next scan
 * (every 2 s), a logger's 1 s identify timeout on a bridge that may carry either, a Modbus probe
 * asked at both parities (0.5 s a try).
 */
export const IDENTIFIED_WITHIN_MS = 10_000;

/** An event the engine pushed, as a test saw it. */
export type Seen = { [T in Topic]: { topic: T; payload: EventMap[T] } }[Topic];

/** Engines (or stand-ins for them) the tests opened, closed after each test; a test may take one back to close it itself. */
export const openDeviceEngines: { engine: Engine; cleanup: () => void }[] = [];

export async function closeDeviceEngines(): Promise<void> {
  for (const { engine, cleanup } of openDeviceEngines.splice(0)) {
    await stopDevices(engine);
    engine.close();
    cleanup();
  }
}

/** A set-up engine whose devices service watches `access` (or the demo's simulators). */
export async function engineWithDevices(access: SimulatedDeviceAccess | null, options: DevicesServiceOptions & { autoDownload?: boolean } = {}) {
  if (!vi.isFakeTimers()) throw new Error('Devices run on the fake clock in tests: call useDeviceClock() in the test file (see device-clock.ts).');
  const temp = tempDataDir();
  const engine = await openTestEngine({ dataDir: temp.dir });
  openDeviceEngines.push({ engine, cleanup: temp.cleanup });
  const admin = await setUpOrganization(engine);
  engine.context.stationSettings.set('autoDownloadLoggers', options.autoDownload ?? false);
  const events: Seen[] = [];
  engine.events.listen((topic, payload) => events.push({ topic, payload } as Seen));
  await startDevices(engine, { ...options, ...(access ? { access } : {}) });
  return { engine, admin, events, dataDir: temp.dir };
}

export function payloadsOf<T extends Topic>(events: Seen[], topic: T): EventMap[T][] {
  return events.filter((e) => e.topic === topic).map((e) => e.payload as EventMap[T]);
}

/** Moves device time on until the device is listed as ready. */
export async function deviceReady(engine: Engine, token: string, deviceId: string) {
  const status = async () => (await call(engine, 'devices.list', {}, token)).devices.find((d) => d.id === deviceId)?.status;
  await until(async () => (await status()) === 'ready', IDENTIFIED_WITHIN_MS, `${deviceId} ready`);
}

/** Moves device time on until the engine lists `count` sensors, and returns them. */
export async function sensorsNamed(engine: Engine, token: string, count: number) {
  await until(async () => (await call(engine, 'sensors.list', {}, token)).length === count, IDENTIFIED_WITHIN_MS, `${count} sensors`);
  return call(engine, 'sensors.list', {}, token);
}

export function storedReadings(engine: Engine, sensorId: string): { at_ms: number; temp_centi_c: number; raw_centi_c: number; source: number }[] {
  return engine.context.sqlite.prepare('SELECT at_ms, temp_centi_c, raw_centi_c, source FROM readings WHERE sensor_id = ? ORDER BY at_ms').all(sensorId) as never;
}
