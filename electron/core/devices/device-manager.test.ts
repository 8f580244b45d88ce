import { afterEach, describe, expect, it } from 'vitest';
import { advance, settle, until, useDeviceClock } from '../testing/device-clock';
import type { Logger } from '../logger';
import type { StoredLog } from './stored-log';
import { DeviceManager, storeNothing, type DeviceEvent, type DeviceManagerOptions, type StoreDownload } from './device-manager';
import { bodyPage, ElitechSimulator } from './simulators/elitech-simulator';
import { ElUsbSimulator } from './simulators/elusb-simulator';
import { ModbusBusSimulator, toAddress } from './simulators/modbus-simulator';
import { SimulatedDeviceAccess } from './simulators/simulated-device-access';
import { TemperSimulator } from './simulators/temper-simulator';
import { TemperX232Simulator } from './simulators/temperx232-simulator';

/** The managers run with their production timings on a fake clock: a live sensor is polled every minute. */
const POLL_MS = 60_000;
/** Device time a logger download may take: pages answered within a few ms, a damaged one asked again. */
const DOWNLOAD_WITHIN_MS = 60_000;

useDeviceClock();
const managers: Pick<DeviceManager<unknown>, 'stop'>[] = [];
afterEach(async () => {
  await Promise.all(managers.splice(0).map((m) => m.stop()));
});

function startManager<Stored = StoredLog>(
  access: SimulatedDeviceAccess,
  options: Partial<DeviceManagerOptions<Stored>> = {},
): { manager: DeviceManager<Stored>; events: DeviceEvent<Stored>[] } {
  // Unless a test stores downloads, a download resolves with what was read.
  const storeDownload = options.storeDownload ?? (storeNothing as StoreDownload<unknown> as StoreDownload<Stored>);
  const manager = new DeviceManager<Stored>({ access, timeZone: 'Europe/Berlin', ...options, storeDownload });
  const events: DeviceEvent<Stored>[] = [];
  manager.onEvent((e) => events.push(e));
  managers.push(manager);
  manager.start();
  return { manager, events };
}

/** Moves device time on until an event that matches has been seen (or was already), and returns it. */
async function waitFor<T extends DeviceEvent['type']>(
  events: DeviceEvent[],
  type: T,
  match: (e: Extract<DeviceEvent, { type: T }>) => boolean = () => true,
  withinMs = POLL_MS,
): Promise<Extract<DeviceEvent, { type: T }>> {
  const find = () => events.find((e): e is Extract<DeviceEvent, { type: T }> => e.type === type && match(e as Extract<DeviceEvent, { type: T }>));
  await until(() => find() !== undefined, withinMs, `a '${type}' event`).catch((err: Error) => {
    throw new Error(`${err.message}; saw ${events.map((e) => e.type).join(', ')}`);
  });
  return find()!;
}

const readingsOf = (events: DeviceEvent[], sourceId: string) =>
  events.filter((e): e is Extract<DeviceEvent, { type: 'readings' }> => e.type === 'readings' && e.sourceId === sourceId);

describe('device manager', () => {
  it('finds one device of each family and polls every live sensor', async () => {
    const access = new SimulatedDeviceAccess();
    const temper = new TemperSimulator({ firmware: 'TEMPer2_V3.7', internal: 400, external: -1900 });
    const x232 = new TemperX232Simulator({ internal: 6500 });
    const bus = new ModbusBusSimulator({
      probes: [
        { address: 1, temperature: 300 },
        { address: 2, temperature: -2050, parity: 'even' },
        { address: 3, temperature: 7000, map: 'md02' },
      ],
    });
    const logger = new ElitechSimulator({ recordsTenths: [10, 20, 30] });
    for (const d of [temper, x232, bus, logger]) access.plug(d);
    const { manager, events } = startManager(access, {
      modbusProbes: () => [
        { address: 1, map: 'xy-md02' },
        { address: 2, map: 'xy-md02' },
        { address: 3, map: 'md02' },
      ],
    });

    const temperReading = await waitFor(events, 'readings', (e) => e.sourceId === temper.path);
    expect(temperReading.device).toMatchObject({ family: 'temper', firmware: 'TEMPer2_V3.7' });
    expect(temperReading.readings.map((r) => r.tempCentiC)).toEqual([400, -1900]);
    expect((await waitFor(events, 'readings', (e) => e.sourceId === x232.path)).readings[0]!.tempCentiC).toBe(6500);
    for (const [address, temp] of [
      [1, 300],
      [2, -2050],
      [3, 7000],
    ] as const) {
      const e = await waitFor(events, 'readings', (r) => r.sourceId === `${bus.path}#${address}`);
      expect(e.address).toBe(address);
      expect(e.readings[0]!.tempCentiC).toBe(temp);
    }
    const identifiedLogger = await waitFor(events, 'identified', (e) => e.device.id === logger.path);
    expect(identifiedLogger.device).toMatchObject({ family: 'elitech', serialNumber: 'EL20240001', firmware: 'RC-4' });
    expect(manager.devices().map((d) => d.family).sort()).toEqual(['elitech', 'modbus', 'temper', 'temperx232']);
    // Keyboard interface 0 of the TEMPer is not a device of its own.
    expect(manager.devices()).toHaveLength(4);
    expect(bus.collisions).toBe(0);
  });

  it('downloads a plugged logger by itself, with progress and an estimate, and restarts it only after storing', async () => {
    const access = new SimulatedDeviceAccess();
    const logger = new ElitechSimulator({ model: 'RC-5' });
    access.plug(logger);
    const order: string[] = [];
    const { events } = startManager(access, {
      autoDownload: true,
      afterDownload: { restartLogging: true, setClock: true },
      storeDownload: async (_device, result) => {
        order.push(`stored ${result.readings.length} (restarts so far: ${logger.restarts})`);
        return { added: result.readings.length, alreadyThere: 0 };
      },
    });
    const finished = await waitFor(events, 'download-finished');
    expect(finished.result.readings).toHaveLength(2000);
    expect(finished.summary).toEqual({ added: 2000, alreadyThere: 0 });
    const progress = events.filter((e): e is Extract<DeviceEvent, { type: 'download-progress' }> => e.type === 'download-progress');
    expect(progress.map((p) => p.done)).toEqual([0, 500, 1000, 1500, 2000]);
    expect(progress[0]!.etaMs).toBeNull();
    expect(progress.at(-1)!.etaMs).toBe(0);
    expect(order).toEqual(['stored 2000 (restarts so far: 0)']);
    await until(() => logger.restarts === 1, DOWNLOAD_WITHIN_MS, 'the logger restarted');
    expect(logger.recordsTenths).toEqual([]);
  });

  it('does not restart a logger whose download could not be stored', async () => {
    const access = new SimulatedDeviceAccess();
    const logger = new ElitechSimulator({ recordsTenths: [1, 2, 3] });
    access.plug(logger);
    const { events } = startManager(access, {
      autoDownload: true,
      afterDownload: { restartLogging: true },
      storeDownload: async () => {
        throw new Error('disk full');
      },
    });
    const failed = await waitFor(events, 'download-failed');
    expect(failed.error.code).toBe('INTERNAL');
    expect(logger.restarts).toBe(0);
    expect(logger.recordsTenths).toHaveLength(3);
  });

  it('survives an unplug mid-download and a device that talks garbage, while a thermometer keeps polling', async () => {
    const access = new SimulatedDeviceAccess();
    // Warming 0.4 °C a poll, as before on a faster clock; a steeper drift leaves the sensor's range within minutes.
    const temper = new TemperSimulator({ firmware: 'TEMPerGold_V3.1', internal: { startCentiC: 350, driftCentiCPerMin: 40 } });
    const logger = new ElitechSimulator({ model: 'RC-4' });
    logger.inject({ fault: 'unplug', when: bodyPage(4) });
    const junk = new ModbusBusSimulator({ probes: [] });
    junk.inject({ fault: 'garbage' });
    for (const d of [temper, logger, junk]) access.plug(d);
    const { manager, events } = startManager(access);

    await waitFor(events, 'identified', (e) => e.device.id === logger.path);
    await expect(settle(manager.download(logger.path), DOWNLOAD_WITHIN_MS)).rejects.toMatchObject({ code: 'DEVICE_UNPLUGGED' });
    const failed = await waitFor(events, 'download-failed');
    expect(failed.error).toEqual({ code: 'DEVICE_UNPLUGGED', message: expect.stringContaining('Nothing from it was stored') });
    expect(events.some((e) => e.type === 'download-finished')).toBe(false);
    await waitFor(events, 'unplugged', (e) => e.device.id === logger.path);

    const offline = await waitFor(events, 'offline', (e) => e.device.id === junk.path, 4 * POLL_MS);
    expect(offline.error.code).toBe('FRAME_INVALID');
    expect(offline.error.message).toMatch(/answer/);

    const before = readingsOf(events, temper.path).length;
    await waitFor(events, 'readings', (e) => e.sourceId === temper.path && readingsOf(events, temper.path).indexOf(e) >= before + 2, 3 * POLL_MS);
    expect(manager.devices().map((d) => d.id).sort()).toEqual([junk.path, temper.path].sort());
  });

  it('a failed download can be run again from the Download button', async () => {
    const access = new SimulatedDeviceAccess();
    const logger = new ElitechSimulator();
    logger.inject({ fault: 'corrupt', when: bodyPage(2), times: 4 });
    access.plug(logger);
    const { manager, events } = startManager(access);
    await waitFor(events, 'identified');
    await expect(settle(manager.download(logger.path), DOWNLOAD_WITHIN_MS)).rejects.toMatchObject({ code: 'CHECKSUM_MISMATCH' });
    expect((await settle(manager.download(logger.path), DOWNLOAD_WITHIN_MS)).readings).toHaveLength(2000);
    expect(events.filter((e) => e.type === 'download-finished')).toHaveLength(1);
  });

  it('reports a sensor offline after three missed polls, and online when it answers again', async () => {
    const access = new SimulatedDeviceAccess();
    const bus = new ModbusBusSimulator({ probes: [{ address: 1, temperature: 500 }] });
    access.plug(bus);
    const { events } = startManager(access);
    await waitFor(events, 'readings');
    bus.inject({ fault: 'stall', when: toAddress(1), times: 6 }); // three polls, each asked twice
    const offline = await waitFor(events, 'offline', () => true, 4 * POLL_MS);
    expect(offline.error.code).toBe('DEVICE_TIMEOUT');
    const failures = events.filter((e) => e.type === 'poll-failed').map((e) => (e as { misses: number }).misses);
    expect(failures).toEqual([1, 2, 3]);
    await waitFor(events, 'online', () => true, 2 * POLL_MS);
    expect(events.filter((e) => e.type === 'offline')).toHaveLength(1);
  });

  it('notices a thermometer unplugged from the list and stops polling it', async () => {
    const access = new SimulatedDeviceAccess();
    const temper = new TemperSimulator({ firmware: 'TEMPerHUM_V3.8' });
    access.plug(temper);
    const { manager, events } = startManager(access);
    await waitFor(events, 'readings');
    access.unplug(temper);
    await waitFor(events, 'unplugged');
    const count = readingsOf(events, temper.path).length;
    await advance(3 * POLL_MS);
    expect(readingsOf(events, temper.path)).toHaveLength(count);
    expect(manager.devices()).toEqual([]);
    access.plug(temper);
    await waitFor(events, 'readings', (e) => readingsOf(events, temper.path).indexOf(e) >= count);
  });

  it('reopens a thermometer whose reads failed as unplugged when it is listed again', async () => {
    const access = new SimulatedDeviceAccess();
    const temper = new TemperSimulator({ firmware: 'TEMPer2_V4.1', internal: 1500, external: 300 });
    access.plug(temper);
    const { events } = startManager(access);
    await waitFor(events, 'readings');
    temper.inject({ fault: 'unplug', times: 1 });
    await waitFor(events, 'unplugged', () => true, 2 * POLL_MS);
    temper.replug();
    await waitFor(events, 'plugged', (e) => events.filter((x) => x.type === 'plugged').indexOf(e) === 1);
    const after = await waitFor(events, 'readings', (e) => events.indexOf(e) > events.findIndex((x) => x.type === 'unplugged'));
    expect(after.readings.map((r) => r.tempCentiC)).toEqual([1500, 300]);
  });

  it('keeps one request in flight per bus while several probes poll', async () => {
    const access = new SimulatedDeviceAccess();
    const bus = new ModbusBusSimulator({ probes: [1, 2, 3, 4].map((address) => ({ address, temperature: address * 100 })) });
    access.plug(bus);
    const { events } = startManager(access, { pollIntervalMs: 5, modbusProbes: () => [1, 2, 3, 4].map((address) => ({ address, map: 'xy-md02' as const })) });
    await waitFor(events, 'readings', () => events.filter((e) => e.type === 'readings').length >= 20);
    expect(bus.collisions).toBe(0);
    expect(events.some((e) => e.type === 'poll-failed')).toBe(false);
  });

  it('moves a probe to a new address and keeps polling it there', async () => {
    const access = new SimulatedDeviceAccess();
    const bus = new ModbusBusSimulator({ probes: [{ address: 1, temperature: -1500 }] });
    access.plug(bus);
    const { manager, events } = startManager(access);
    await waitFor(events, 'readings');
    expect(await settle(manager.changeProbeAddress(bus.path, 1, 9), POLL_MS)).toEqual({ address: 9, map: 'xy-md02' });
    const moved = await waitFor(events, 'readings', (e) => e.address === 9);
    expect(moved.readings[0]!.tempCentiC).toBe(-1500);
  });

  it('says clearly when asked to download something that is not a logger', async () => {
    const access = new SimulatedDeviceAccess();
    const temper = new TemperSimulator({ firmware: 'TEMPerGold_V3.1' });
    access.plug(temper);
    const { manager, events } = startManager(access);
    await waitFor(events, 'identified');
    await expect(manager.download(temper.path)).rejects.toMatchObject({ code: 'BAD_INPUT' });
    await expect(manager.download('/dev/nothing')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('reports a thermometer it cannot identify and tries again later', async () => {
    const access = new SimulatedDeviceAccess();
    const temper = new TemperSimulator({ firmware: 'TEMPerGold_V3.1' });
    temper.inject({ fault: 'garbage', times: 1 });
    access.plug(temper);
    const { events } = startManager(access);
    const error = await waitFor(events, 'device-error');
    expect(error.error.code).toBe('FRAME_INVALID');
    expect(error.device.status).toBe('failed');
    await waitFor(events, 'readings', () => true, 2 * POLL_MS);
  });
});

describe('a device list that cannot be read', () => {
  /** Without udev, node-hid's listing fails like this on every scan. */
  class NoUdevAccess extends SimulatedDeviceAccess {
    failing = true;
    override async listHid() {
      if (this.failing) throw new Error('spawn udevadm ENOENT');
      return super.listHid();
    }
  }

  function recordingLog() {
    const lines: { level: string; msg: string }[] = [];
    const at = (level: string) => (obj: unknown, msg?: string) => void lines.push({ level, msg: typeof obj === 'string' ? obj : msg ?? '' });
    const log = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => log } as unknown as Logger;
    return { log, lines };
  }

  it('is said once, as a sentence, while the retries stay quiet; and once more when it can be read again', async () => {
    const access = new NoUdevAccess();
    const { log, lines } = recordingLog();
    // Not started: each scan is called here, as the 2-second timer would.
    const manager = new DeviceManager({ access, timeZone: 'Europe/Berlin', storeDownload: storeNothing, log });
    managers.push(manager);
    for (let i = 0; i < 5; i++) await manager.scan();
    const warnings = lines.filter((l) => l.level === 'warn' || l.level === 'error');
    expect(warnings).toEqual([
      { level: 'warn', msg: 'OpsFlow cannot list the USB devices of this PC (spawn udevadm ENOENT); it keeps trying quietly and connects them once it can.' },
    ]);
    expect(lines.filter((l) => l.level === 'debug')).toHaveLength(4);

    access.failing = false;
    await manager.scan();
    await manager.scan();
    expect(lines.filter((l) => l.level === 'info').map((l) => l.msg)).toEqual(['OpsFlow can list the USB devices of this PC again.']);
    access.failing = true;
    await manager.scan();
    expect(lines.filter((l) => l.level === 'warn')).toHaveLength(2);
  });

  it('the USB logger list fails on its own: said once in its own words, a logger already open is kept, HID devices carry on', async () => {
    /** Where /sys/bus/usb is missing (a container), the usb package fails every listing like this. */
    class NoUsbfsAccess extends SimulatedDeviceAccess {
      failing = false;
      override async listUsb() {
        if (this.failing) throw new Error('getDevices error: /sys/bus/usb/devices/ not found (errno 2)');
        return super.listUsb();
      }
    }
    const access = new NoUsbfsAccess();
    const logger = new ElUsbSimulator();
    const temper = new TemperSimulator({ firmware: 'TEMPerGold_V3.1' });
    access.plug(logger);
    access.plug(temper);
    const { log, lines } = recordingLog();
    const manager = new DeviceManager({ access, timeZone: 'Europe/Berlin', storeDownload: storeNothing, log });
    managers.push(manager);
    await manager.scan();
    await until(() => manager.devices().every((d) => d.status === 'ready'), 10_000, 'both identified');
    access.failing = true;
    for (let i = 0; i < 3; i++) await manager.scan();
    expect(lines.filter((l) => l.level === 'warn').map((l) => l.msg)).toEqual([
      'OpsFlow cannot list the USB loggers of this PC (getDevices error: /sys/bus/usb/devices/ not found (errno 2)); it keeps trying quietly and connects them once it can.',
    ]);
    expect(manager.devices().map((d) => [d.family, d.transport, d.firmware])).toEqual([
      ['temper', 'hid', 'TEMPerGold_V3.1'],
      ['elusb', 'usb', 'EL-USB-2'],
    ]);
  });
});
