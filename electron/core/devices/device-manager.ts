import { identifyUsbDevice, type DeviceFamily } from '../../../domain/devices/device-table';
import type { DecodedReading } from '../../../domain/devices/types';
import { OpsFlowError, toErrorPayload, type ErrorPayload } from '../../../domain/errors';
import { silentLogger, type Logger } from '../logger';
import {
  DEFAULT_TIMEOUTS,
  openHidSession,
  openSerialSession,
  openUsbSession,
  type DeviceSession,
  type DeviceTimeouts,
  type LiveSource,
  type LoggerSession,
  type ModbusSession,
  type SessionContext,
} from './device-sessions';
import { deviceGone } from './device-errors';
import { LivePoller } from './live-poller';
import type { ModbusProbe } from './modbus-driver';
import { PortQueue } from './port-queue';
import type { StoredLog } from './stored-log';
import type { ByteStream, HidDevice, HidListing, SerialListing, UsbBulkDevice, UsbListing } from './transport';
import type { UsbBulkEndpoints } from '../../../domain/devices/device-table';

/**
 * Notices devices coming and going, identifies them, polls live sensors on a schedule and
 * downloads loggers. It knows nothing of storage: readings leave as events, and a download goes
 * to `storeDownload` (awaited before the logger is restarted), whose answer the download resolves
 * with and 'download-finished' carries.
 *
 * Every device's I/O goes through its own queue, one request at a time. A device that fails
 * (timeouts, damaged frames, noise, an unplug mid-download) produces an event with a message;
 * the manager and the other devices carry on.
 */

/** How the manager reaches the system; tests pass simulators. */
export interface DeviceAccess {
  listHid(): Promise<HidListing[]>;
  openHid(path: string): Promise<HidDevice>;
  listSerial(): Promise<SerialListing[]>;
  openSerial(path: string): ByteStream;
  /** USB devices spoken to without a kernel driver (the Lascar EL-USB loggers). */
  listUsb(): Promise<UsbListing[]>;
  openUsb(path: string, endpoints: UsbBulkEndpoints): Promise<UsbBulkDevice>;
}

export type DeviceStatus = 'identifying' | 'ready' | 'downloading' | 'failed';

export interface ConnectedDevice {
  /** The port path (HID path, serial port, or usb:bus:address); stable while plugged in. */
  id: string;
  transport: 'hid' | 'serial' | 'usb';
  vendorId: number | null;
  productId: number | null;
  family: DeviceFamily | null;
  /** The logger's device number when it has one, else the USB serial number. */
  serialNumber: string | null;
  /** Firmware or version string (TEMPer, TEMPerX232), or the logger model. */
  firmware: string | null;
  status: DeviceStatus;
  /** What the device says of its own state, where it says anything (a logger's work status). */
  health: string | null;
}

/**
 * Stores a complete download for whoever asked for it (`by`; null when the logger was downloaded
 * by itself on plugging in). What it returns is what `download()` resolves with.
 */
export type StoreDownload<Stored, By = never> = (device: ConnectedDevice, download: StoredLog, by: By | null) => Promise<Stored> | Stored;

/** For a manager that keeps nothing (listing devices, its own tests): a download resolves with what was read. */
export const storeNothing: StoreDownload<StoredLog> = (_device, download) => download;

/** `Stored` is what storeDownload returned for a download. */
export type DeviceEvent<Stored = unknown> =
  | { type: 'plugged'; device: ConnectedDevice }
  | { type: 'identified'; device: ConnectedDevice }
  | { type: 'unplugged'; device: ConnectedDevice }
  | { type: 'device-error'; device: ConnectedDevice; error: ErrorPayload }
  | { type: 'readings'; device: ConnectedDevice; sourceId: string; address: number | null; atMs: number; readings: DecodedReading[] }
  | { type: 'poll-failed'; device: ConnectedDevice; sourceId: string; address: number | null; misses: number; error: ErrorPayload }
  | { type: 'offline'; device: ConnectedDevice; sourceId: string; address: number | null; error: ErrorPayload }
  | { type: 'online'; device: ConnectedDevice; sourceId: string; address: number | null }
  | { type: 'download-started'; device: ConnectedDevice }
  | { type: 'download-progress'; device: ConnectedDevice; done: number; total: number; etaMs: number | null }
  | { type: 'download-finished'; device: ConnectedDevice; result: StoredLog; summary: Stored }
  | { type: 'download-failed'; device: ConnectedDevice; error: ErrorPayload };

export interface DeviceManagerOptions<Stored = StoredLog, By = never> {
  access: DeviceAccess;
  /** IANA zone of the location, for logger clocks. */
  timeZone: string;
  /** Download a logger as soon as it is identified. */
  autoDownload?: boolean;
  /** Run after a complete download has been stored. */
  afterDownload?: { restartLogging?: boolean; setClock?: boolean };
  /** Stores a complete download; the logger is restarted only after this resolves. */
  storeDownload: StoreDownload<Stored, By>;
  /** Probes on an RS-485 adapter; one XY-MD02 at address 1 when not configured. */
  modbusProbes?: (port: SerialListing) => ModbusProbe[];
  scanIntervalMs?: number;
  /** Per live source (a thermometer, or one probe on a bus); a function is asked before every poll. */
  pollIntervalMs?: number | ((sourceId: string) => number);
  /** Missed polls in a row before a source is reported offline. */
  offlineAfterMisses?: number;
  timeouts?: Partial<DeviceTimeouts>;
  log?: Logger;
  now?: () => number;
}

type PortEntry = { transport: 'hid'; listing: HidListing } | { transport: 'serial'; listing: SerialListing } | { transport: 'usb'; listing: UsbListing };

interface Handle<Stored> {
  device: ConnectedDevice;
  port: PortEntry;
  queue: PortQueue;
  session: DeviceSession | null;
  pollers: Map<string, LivePoller>;
  retryTimer: NodeJS.Timeout | null;
  download: Promise<Stored> | null;
  removed: boolean;
}

/** `Stored`: what storeDownload makes of a download; `By`: who may ask for one (in the engine, an audit actor). */
export class DeviceManager<Stored = StoredLog, By = never> {
  private readonly handles = new Map<string, Handle<Stored>>();
  private readonly listeners = new Set<(event: DeviceEvent<Stored>) => void>();
  private readonly ctx: SessionContext;
  private readonly log: Logger;
  private readonly now: () => number;
  private scanTimer: NodeJS.Timeout | null = null;
  private scanning: Promise<void> | null = null;
  private running = false;
  /** The device lists that failed at the last scan (their failure already said once). */
  private readonly listFailing = new Set<PortEntry['transport']>();
  private options: DeviceManagerOptions<Stored, By>;

  constructor(options: DeviceManagerOptions<Stored, By>) {
    this.options = options;
    this.log = options.log ?? silentLogger;
    this.now = options.now ?? Date.now;
    this.ctx = {
      timeouts: { ...DEFAULT_TIMEOUTS, ...options.timeouts },
      openHid: (path) => options.access.openHid(path),
      openSerial: (path) => {
        const stream = options.access.openSerial(path);
        // A serial port that vanishes says so at once; no need to wait for the next list.
        stream.onClose((reason) => {
          const handle = this.handles.get(path);
          if (reason === 'unplugged' && handle) void this.remove(handle, true);
        });
        return stream;
      },
      openUsb: (path, endpoints) => options.access.openUsb(path, endpoints),
      modbusProbes: options.modbusProbes ?? (() => [{ address: 1, map: 'xy-md02' }]),
    };
  }

  onEvent(listener: (event: DeviceEvent<Stored>) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  devices(): ConnectedDevice[] {
    return [...this.handles.values()].map((h) => ({ ...h.device }));
  }

  /** True while a download of this device is under way. */
  isDownloading(deviceId: string): boolean {
    return this.handles.get(deviceId)?.download != null;
  }

  /** Changes what happens with loggers (settings of this PC, the location's zone); applies from the next download. */
  configure(options: Partial<Pick<DeviceManagerOptions<Stored, By>, 'autoDownload' | 'afterDownload' | 'timeZone'>>): void {
    this.options = { ...this.options, ...options };
  }

  /** Starts watching the device lists (every scanIntervalMs, ~2 s). */
  start(): void {
    if (this.running) return;
    this.running = true;
    const loop = async (): Promise<void> => {
      await this.scan();
      if (this.running) this.scanTimer = setTimeout(() => void loop(), this.options.scanIntervalMs ?? 2000);
    };
    void loop();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.scanTimer) clearTimeout(this.scanTimer);
    this.scanTimer = null;
    await this.scanning;
    await Promise.all([...this.handles.values()].map((h) => this.remove(h, false)));
  }

  /** Compares the device lists with what is known: new devices are opened, missing ones dropped. */
  scan(): Promise<void> {
    this.scanning ??= this.scanOnce().finally(() => (this.scanning = null));
    return this.scanning;
  }

  /**
   * Downloads a logger for `by` and resolves with what storeDownload made of it; also reported as
   * events. One download per logger at a time: asked again meanwhile, it answers with the one under way.
   */
  download(deviceId: string, by: By | null = null): Promise<Stored> {
    const handle = this.handles.get(deviceId);
    if (!handle) return Promise.reject(new OpsFlowError('NOT_FOUND', 'That device is no longer connected.', { deviceId }));
    const session = handle.session;
    if (!session || session.kind !== 'logger') {
      return Promise.reject(new OpsFlowError('BAD_INPUT', 'Only a data logger can be downloaded, once OpsFlow has recognised it.', { deviceId }));
    }
    if (handle.download) return handle.download;
    const run = handle.queue.run(() => this.runDownload(handle, session, by));
    handle.download = run;
    run.then(
      () => (handle.download = null),
      () => (handle.download = null),
    );
    return run;
  }

  /** The probes polled on an RS-485 adapter; null for any other device, or one not recognised yet. */
  probes(deviceId: string): ModbusProbe[] | null {
    const session = this.handles.get(deviceId)?.session;
    return session && isModbus(session) ? [...session.probes] : null;
  }

  /**
   * Polls exactly these probes on a bus from now on: probes no longer listed stop being polled,
   * new ones start (each polled at once). Queued behind whatever the bus is doing.
   */
  setProbes(deviceId: string, probes: readonly ModbusProbe[]): Promise<void> {
    const found = this.modbusHandle(deviceId);
    if (found instanceof Error) return Promise.reject(found);
    const { handle, bus } = found;
    return handle.queue.run(async () => {
      if (handle.removed) throw deviceGone(deviceId);
      for (const source of bus.sources) this.stopPoller(handle, source.id);
      bus.probes = [...probes];
      bus.sources = bus.probes.map((probe) => bus.sourceFor(probe));
      for (const source of bus.sources) this.startPoller(handle, source);
    });
  }

  /** Moves a probe on a bus to another address; returns the probe as it now is, for the settings. */
  changeProbeAddress(deviceId: string, address: number, newAddress: number): Promise<ModbusProbe> {
    const found = this.modbusHandle(deviceId);
    if (found instanceof Error) return Promise.reject(found);
    const { handle, bus } = found;
    return handle.queue.run(async () => {
      // Looked up in the queue: a setProbes queued before this one may have changed the list.
      const probe = bus.probes.find((p) => p.address === address);
      if (!probe) throw new OpsFlowError('NOT_FOUND', `No probe is set up at address ${address}.`, { deviceId, address });
      const moved = await bus.bus.changeAddress(probe, newAddress);
      bus.probes = bus.probes.map((p) => (p === probe ? moved : p));
      const oldSource = bus.sources.find((s) => s.address === address);
      if (oldSource) this.stopPoller(handle, oldSource.id);
      const source = bus.sourceFor(moved);
      bus.sources = [...bus.sources.filter((s) => s !== oldSource), source];
      this.startPoller(handle, source);
      return moved;
    });
  }

  private modbusHandle(deviceId: string): { handle: Handle<Stored>; bus: ModbusSession } | OpsFlowError {
    const handle = this.handles.get(deviceId);
    const session = handle?.session;
    if (!handle || !session || !isModbus(session)) {
      return new OpsFlowError('NOT_FOUND', 'No RS-485 adapter with probes is connected there.', { deviceId });
    }
    return { handle, bus: session };
  }

  private async scanOnce(): Promise<void> {
    const [hid, serial, usb] = await Promise.all([
      this.list('hid', () => this.options.access.listHid()),
      this.list('serial', () => this.options.access.listSerial()),
      this.list('usb', () => this.options.access.listUsb()),
    ]);
    const seen = new Set<string>();
    if (hid) {
      for (const listing of hid.filter(isSensorInterface)) {
        seen.add(listing.path);
        if (!this.handles.has(listing.path)) this.add({ transport: 'hid', listing });
      }
    }
    if (serial) {
      for (const listing of serial.filter(isKnownSerial)) {
        seen.add(listing.path);
        if (!this.handles.has(listing.path)) this.add({ transport: 'serial', listing });
      }
    }
    if (usb) {
      for (const listing of usb.filter(isKnownUsb)) {
        seen.add(listing.path);
        if (!this.handles.has(listing.path)) this.add({ transport: 'usb', listing });
      }
    }
    const lists = { hid, serial, usb };
    for (const handle of [...this.handles.values()]) {
      // A list that could not be read says nothing about its devices.
      const listed = lists[handle.port.transport];
      if (listed && !seen.has(handle.device.id)) await this.remove(handle, true);
    }
  }

  /**
   * Without udev (a container, some minimal installs) listing USB devices fails on every scan, every
   * two seconds. The person is told once, in a sentence; the retries that follow are quiet (debug)
   * until the list can be read again, which is said once too.
   */
  private async list<T>(what: PortEntry['transport'], listing: () => Promise<T[]>): Promise<T[] | null> {
    const kind = LIST_NAMES[what];
    try {
      const listed = await listing();
      if (this.listFailing.delete(what)) this.log.info({ what }, `OpsFlow can list ${kind} of this PC again.`);
      return listed;
    } catch (err) {
      if (this.listFailing.has(what)) {
        this.log.debug({ err, what }, 'device list still unreadable');
      } else {
        this.listFailing.add(what);
        this.log.warn({ what, reason: (err as Error).message }, `OpsFlow cannot list ${kind} of this PC (${(err as Error).message}); it keeps trying quietly and connects them once it can.`);
      }
      return null;
    }
  }

  private add(port: PortEntry): void {
    const { listing } = port;
    const handle: Handle<Stored> = {
      device: {
        id: listing.path,
        transport: port.transport,
        vendorId: listing.vendorId,
        productId: listing.productId,
        family: null,
        serialNumber: listing.serialNumber,
        firmware: null,
        status: 'identifying',
        health: null,
      },
      port,
      queue: new PortQueue(),
      session: null,
      pollers: new Map(),
      retryTimer: null,
      download: null,
      removed: false,
    };
    this.handles.set(listing.path, handle);
    this.emit({ type: 'plugged', device: { ...handle.device } });
    this.identify(handle);
  }

  private identify(handle: Handle<Stored>): void {
    handle.retryTimer = null;
    void handle.queue
      .run(async () => {
        if (handle.removed) return;
        const session = await this.openSession(handle.port);
        if (handle.removed) {
          await session.close().catch(() => undefined);
          return;
        }
        this.onIdentified(handle, session);
      })
      .catch((err: unknown) => {
        if (handle.removed) return;
        handle.device.status = 'failed';
        this.report(handle, err, 'could not identify device');
        this.emit({ type: 'device-error', device: { ...handle.device }, error: toErrorPayload(err) });
        // Try again later: a thermometer still starting up, a logger plugged in mid-write.
        handle.retryTimer = setTimeout(() => this.identify(handle), this.intervalFor(handle.device.id));
      });
  }

  private onIdentified(handle: Handle<Stored>, session: DeviceSession): void {
    handle.session = session;
    const device = handle.device;
    device.family = session.family;
    device.status = 'ready';
    if (session.kind === 'logger') {
      device.serialNumber = session.serialNumber ?? device.serialNumber;
      device.firmware = session.model;
      device.health = session.health;
    } else {
      device.firmware = session.firmware;
    }
    this.emit({ type: 'identified', device: { ...device } });
    if (session.kind === 'live') for (const source of session.sources) this.startPoller(handle, source);
    else if (this.options.autoDownload) this.download(device.id).catch(() => undefined); // failures arrive as events
  }

  private openSession(port: PortEntry): Promise<DeviceSession> {
    switch (port.transport) {
      case 'hid':
        return openHidSession(port.listing, this.ctx);
      case 'serial':
        return openSerialSession(port.listing, this.ctx);
      case 'usb':
        return openUsbSession(port.listing, this.ctx);
    }
  }

  private startPoller(handle: Handle<Stored>, source: LiveSource): void {
    const ids = { sourceId: source.id, address: source.address };
    const poller = new LivePoller(
      () => handle.queue.run(() => source.read()),
      { intervalMs: () => this.intervalFor(source.id), offlineAfterMisses: this.options.offlineAfterMisses ?? 3 },
      {
        onReadings: (readings) => this.emit({ type: 'readings', device: { ...handle.device }, ...ids, atMs: this.now(), readings }),
        onBackOnline: () => this.emit({ type: 'online', device: { ...handle.device }, ...ids }),
        onMiss: (err, misses, wentOffline) => {
          const error = toErrorPayload(err);
          this.report(handle, err, 'poll failed');
          this.emit({ type: 'poll-failed', device: { ...handle.device }, ...ids, misses, error });
          if (wentOffline) this.emit({ type: 'offline', device: { ...handle.device }, ...ids, error });
          // hidapi has no unplug event: a failed read is how a HID device says it is gone. If it
          // is still listed, the next scan opens it afresh.
          if (error.code === 'DEVICE_UNPLUGGED') void this.remove(handle, true);
        },
      },
    );
    handle.pollers.set(source.id, poller);
    poller.start();
  }

  private stopPoller(handle: Handle<Stored>, sourceId: string): void {
    handle.pollers.get(sourceId)?.stop();
    handle.pollers.delete(sourceId);
  }

  private async runDownload(handle: Handle<Stored>, session: LoggerSession, by: By | null): Promise<Stored> {
    const startedAt = this.now();
    handle.device.status = 'downloading';
    this.emit({ type: 'download-started', device: { ...handle.device } });
    try {
      const result = await session.download({
        timeZone: this.options.timeZone,
        fallbackSerialNumber: handle.port.listing.serialNumber,
        onProgress: (done, total) => {
          const elapsed = this.now() - startedAt;
          const etaMs = done > 0 ? Math.round((elapsed * (total - done)) / done) : null;
          this.emit({ type: 'download-progress', device: { ...handle.device }, done, total, etaMs });
        },
      });
      const summary = await this.options.storeDownload({ ...handle.device }, result, by);
      handle.device.status = 'ready';
      this.emit({ type: 'download-finished', device: { ...handle.device }, result, summary });
      await this.afterDownload(handle, session);
      return summary;
    } catch (err) {
      if (!handle.removed) handle.device.status = 'ready';
      this.report(handle, err, 'download failed');
      this.emit({ type: 'download-failed', device: { ...handle.device }, error: toErrorPayload(err) });
      throw err;
    }
  }

  /** Runs only after the readings are stored: restarting erases the logger's memory. */
  private async afterDownload(handle: Handle<Stored>, session: LoggerSession): Promise<void> {
    const after = this.options.afterDownload;
    try {
      if (after?.restartLogging) await session.restartLogging(this.options.timeZone, this.now());
      if (after?.setClock) await session.setClock(this.options.timeZone, this.now());
    } catch (err) {
      this.report(handle, err, 'logger restart or clock set failed');
      this.emit({ type: 'device-error', device: { ...handle.device }, error: toErrorPayload(err) });
    }
  }

  private async remove(handle: Handle<Stored>, announce: boolean): Promise<void> {
    if (handle.removed) return;
    handle.removed = true;
    this.handles.delete(handle.device.id);
    if (handle.retryTimer) clearTimeout(handle.retryTimer);
    for (const id of [...handle.pollers.keys()]) this.stopPoller(handle, id);
    // Closed at once, not queued: a download or poll in flight fails now instead of timing out.
    await handle.session?.close().catch(() => undefined);
    if (announce) this.emit({ type: 'unplugged', device: { ...handle.device } });
  }

  private intervalFor(sourceId: string): number {
    const interval = this.options.pollIntervalMs ?? 60_000;
    return typeof interval === 'function' ? interval(sourceId) : interval;
  }

  private report(handle: Handle<Stored>, err: unknown, what: string): void {
    const payload = toErrorPayload(err);
    const context = { deviceId: handle.device.id, family: handle.device.family, code: payload.code, details: (err as { details?: unknown })?.details };
    if (payload.code === 'INTERNAL') this.log.error({ ...context, err }, what);
    else this.log.warn(context, `${what}: ${payload.message}`);
  }

  private emit(event: DeviceEvent<Stored>): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.log.error({ err, event: event.type }, 'device event listener failed');
      }
    }
  }
}

const LIST_NAMES: Record<PortEntry['transport'], string> = { hid: 'the USB devices', serial: 'the serial ports', usb: 'the USB loggers' };

/** PCsensor devices also show a keyboard interface; only the sensor interface is opened. */
function isSensorInterface(listing: HidListing): boolean {
  const row = identifyUsbDevice(listing.vendorId, listing.productId);
  return row?.transport === 'hid' && listing.interface === (row.hidInterface ?? listing.interface);
}

function isModbus(session: DeviceSession): session is ModbusSession {
  return session.kind === 'live' && session.family === 'modbus';
}

function isKnownUsb(listing: UsbListing): boolean {
  return identifyUsbDevice(listing.vendorId, listing.productId)?.transport === 'usb';
}

function isKnownSerial(listing: SerialListing): boolean {
  if (listing.vendorId === null || listing.productId === null) return false;
  return identifyUsbDevice(listing.vendorId, listing.productId)?.transport === 'serial';
}
