import type { AuditDraft } from '../../../domain/audit/entry';
import type { DemoDeviceName, DeviceView, ProbeSetting } from '../../../domain/contract/devices';
import { OpsFlowError } from '../../../domain/errors';
import type { AuditActor } from '../audit/audit-writer';
import type { EngineContext } from '../context';
import { storeReadings, type RawReading } from '../readings/store-readings';
import { ensureSensor, sensorIdFor } from '../sensors/sensors';
import { DeviceManager, type ConnectedDevice, type DeviceAccess, type DeviceEvent, type DownloadStoreSummary } from './device-manager';
import type { DeviceTimeouts } from './device-sessions';
import { storedDeviceSwitches, type DeviceSwitches } from './device-switches';
import { deviceKind, deviceLabel, liveSensorIdentity, loggerSensorIdentity } from './device-views';
import type { ElitechDownload } from './elitech-driver';
import type { ModbusProbe } from './modbus-driver';
import type { SerialListing } from './transport';
import { LiveReadingsBuffer } from './live-readings-buffer';
import { storeLoggerDownload } from './logger-storage';
import { DEFAULT_PROBES, describeProbes, probeBusKey, probeSetting, storedProbes, storeProbes } from './probe-settings';
import { DemoDevices } from './simulators/demo-devices';
import { systemDeviceAccess } from './system-device-access';

/**
 * The engine's side of the devices: one DeviceManager over this PC's USB and serial devices (or
 * over simulators in demo mode), wired to storage and to the UI. Live readings become sensors and
 * batches of readings, downloads are stored whole or not at all, a sensor that stops answering is
 * announced and audited, and every step of a device is pushed to the Devices screen as events.
 */

export interface DevicesServiceOptions {
  /** Simulated devices instead of this PC's (the --demo flag); the demoMode setting does the same. */
  demo?: boolean;
  /** The devices watched outside demo mode: this PC's own by default. Tests pass simulators. */
  access?: DeviceAccess;
  /** Probes on an RS-485 adapter outside demo mode, until devices.setProbes stores a list; one XY-MD02 at address 1 when not given. */
  modbusProbes?: (port: SerialListing) => ModbusProbe[];
  scanIntervalMs?: number;
  /** One poll interval for every live sensor, overriding their own (tests). */
  pollIntervalMs?: number;
  /** A new demo sensor polls this often, so a person sees numbers move (default 5 s). */
  demoPollIntervalS?: number;
  offlineAfterMisses?: number;
  timeouts?: Partial<DeviceTimeouts>;
  /** How long live readings gather before they are stored, one batch per sensor (default 5 min). */
  flushIntervalMs?: number;
  /** The same in demo mode (default 10 s): the chart should move while someone watches. */
  demoFlushIntervalMs?: number;
  /** Delay of each answer of the demo logger, so its progress bar can be seen (default 120 ms). */
  demoLoggerAnswerDelayMs?: number;
}

const SYSTEM: AuditActor = { id: null, name: 'system' };
const DEFAULT_POLL_MS = 60_000;

/** The caller's audited write (CallContext.commit): the entry and the change in one transaction. */
type Commit = (draft: AuditDraft, write: () => void) => void;

/** What the Devices screen shows beyond what the manager knows. */
interface DeviceExtras {
  lastError: string | null;
  progress: DeviceView['progress'];
  sensorIds: Set<string>;
}

export class DevicesService {
  private manager: DeviceManager | null = null;
  private demo: DemoDevices | null = null;
  private mode = false;
  private stopped = false;
  private flushTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private readonly buffer: LiveReadingsBuffer;
  private readonly extras = new Map<string, DeviceExtras>();
  /** Sensors fed by each live source (a thermometer's port, or port#address for a probe). */
  private readonly sourceSensors = new Map<string, Set<string>>();
  /** Live sensors of plugged devices: answering or not. */
  private readonly online = new Map<string, boolean>();
  /** Keyed by the logger's serial number, so it survives unplugging. */
  private readonly lastDownloads = new Map<string, NonNullable<DeviceView['lastDownload']>>();
  private readonly downloadActors = new Map<string, AuditActor>();
  private readonly storedSummaries = new Map<string, DownloadStoreSummary>();
  private switching: Promise<void> = Promise.resolve();
  /** Demo mode only: the probe list as edited on the Devices screen; kept in memory, like the demo bus itself. */
  private demoProbes: ModbusProbe[] | null = null;

  constructor(
    private readonly context: () => EngineContext,
    private readonly options: DevicesServiceOptions = {},
  ) {
    this.buffer = new LiveReadingsBuffer(context);
  }

  /** What it was started with (a restore starts a new service the same way). */
  get startOptions(): DevicesServiceOptions {
    return this.options;
  }

  /** True while the simulated devices are shown instead of this PC's. */
  get demoMode(): boolean {
    return this.mode;
  }

  /** Starts watching: demo mode if asked for by the flag or the setting. */
  async start(): Promise<void> {
    this.mode = Boolean(this.options.demo) || storedDeviceSwitches(this.context()).demoMode;
    this.startManager();
  }

  /**
   * Stops watching. Everything that touches the database happens before the first await (live
   * readings flushed, later events ignored), so the engine may close the database right after
   * calling this without waiting for the ports to close.
   */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.stopManager();
  }

  list(): DeviceView[] {
    return (this.manager?.devices() ?? []).map((d) => this.view(d));
  }

  /** Downloads a plugged logger for a person (or the command line); resolves once stored. */
  async download(deviceId: string, actor: AuditActor): Promise<DownloadStoreSummary> {
    const manager = this.requireManager();
    const device = manager.devices().find((d) => d.id === deviceId);
    if (!device) throw new OpsFlowError('NOT_FOUND', 'That device is no longer connected. Plug it in again.', { deviceId });
    if (device.status === 'identifying') {
      throw new OpsFlowError('CONFLICT', 'OpsFlow is still recognising that device. Try again in a moment.', { deviceId });
    }
    if (deviceKind(device) !== 'logger') {
      throw new OpsFlowError(
        'BAD_INPUT',
        `${deviceLabel(device)} is not a data logger: it is read live and has no stored log to download.`,
        { deviceId },
      );
    }
    if (manager.isDownloading(deviceId)) {
      throw new OpsFlowError('CONFLICT', 'That logger is being downloaded already. Wait for it to finish.', { deviceId });
    }
    manager.configure({ timeZone: homeTimeZone(this.context()) });
    this.downloadActors.set(deviceId, actor);
    this.storedSummaries.delete(deviceId);
    try {
      await manager.download(deviceId);
    } finally {
      this.downloadActors.delete(deviceId);
    }
    const summary = this.storedSummaries.get(deviceId);
    this.storedSummaries.delete(deviceId);
    if (!summary) throw new OpsFlowError('INTERNAL', 'The download finished but its readings were not stored.', { deviceId });
    return summary;
  }

  /** Sets which probes are polled on an RS-485 adapter, keeps that for this PC, and polls them from now on. */
  async setProbes(deviceId: string, probes: ProbeSetting[], commit: Commit): Promise<DeviceView> {
    const { manager, device, label, busKey, before } = this.probeBus(deviceId);
    commit(
      {
        action: 'devices.setProbes',
        summary: `Set the probes on ${label} (${busKey}): ${describeProbes(before)} → ${describeProbes(probes)}`,
        risk: 'LOW',
        entityType: 'device',
        entityId: busKey,
      },
      () => this.keepProbes(busKey, probes),
    );
    await manager.setProbes(deviceId, probes);
    this.dropProbesNotIn(deviceId, probes);
    this.changed(deviceId, `${label} now polls ${probes.length === 1 ? 'the probe at address' : 'the probes at addresses'} ${probes.map((p) => p.address).join(', ')}.`);
    return this.view(device);
  }

  /** Writes a new address into a probe on the bus, then keeps the list with the probe's new address. */
  async changeProbeAddress(deviceId: string, address: number, newAddress: number, commit: Commit): Promise<DeviceView> {
    const { manager, device, label, busKey, before } = this.probeBus(deviceId);
    if (!before.some((p) => p.address === address)) {
      throw new OpsFlowError('NOT_FOUND', `No probe is set up at address ${address} on ${label}. Add it to the probes first.`, { deviceId, address });
    }
    if (newAddress === address) throw new OpsFlowError('BAD_INPUT', `The probe is at address ${address} already. Choose another address.`, { deviceId, address });
    if (before.some((p) => p.address === newAddress)) {
      throw new OpsFlowError('CONFLICT', `Address ${newAddress} is already set up for another probe on ${label}. Choose a free address.`, { deviceId, newAddress });
    }
    // The bus first: only a probe that really moved is written down as moved.
    await manager.changeProbeAddress(deviceId, address, newAddress);
    const after = before.map((p) => (p.address === address ? { ...p, address: newAddress } : p));
    commit(
      {
        action: 'devices.changeProbeAddress',
        summary: `Moved the probe at address ${address} on ${label} (${busKey}) to address ${newAddress}`,
        risk: 'MEDIUM',
        entityType: 'device',
        entityId: busKey,
      },
      () => this.keepProbes(busKey, after),
    );
    this.dropProbesNotIn(deviceId, after);
    this.changed(deviceId, `The probe at address ${address} on ${label} now answers at address ${newAddress}.`);
    return this.view(device);
  }

  /** Demo mode: plugs a simulated device in and waits until the manager has seen it. */
  async demoPlug(name: DemoDeviceName): Promise<string> {
    const demo = this.requireDemo();
    const deviceId = demo.plug(name, homeTimeZone(this.context()));
    await this.rescanUntil(() => this.manager?.devices().some((d) => d.id === deviceId) ?? false);
    return deviceId;
  }

  async demoUnplug(deviceId: string): Promise<void> {
    const demo = this.requireDemo();
    if (!demo.unplug(deviceId)) throw new OpsFlowError('NOT_FOUND', 'No demo device is plugged in there.', { deviceId });
    await this.rescanUntil(() => !(this.manager?.devices().some((d) => d.id === deviceId) ?? false));
  }

  /** After settings.update: swap to or from the simulated devices, and apply the logger switches. */
  async applySettings(changed: { demoMode?: boolean }): Promise<void> {
    if (this.stopped) return;
    const switches = storedDeviceSwitches(this.context());
    this.manager?.configure(loggerOptions(switches));
    if (changed.demoMode !== undefined && changed.demoMode !== this.mode) {
      const target = changed.demoMode;
      this.switching = this.switching
        .then(async () => {
          if (this.stopped || target === this.mode) return;
          await this.stopManager();
          this.mode = target;
          if (!this.stopped) this.startManager();
        })
        .catch((err: unknown) => logFailure(this.context().log, err, { demoMode: target }, 'could not switch demo mode'));
      await this.switching;
    }
  }

  /** Stores a sensor's waiting live readings now: a calibration must not apply to readings taken before it. */
  flushSensor(sensorId: string): void {
    this.flush([sensorId]);
  }

  /** Whether a live sensor answers (null for loggers and unplugged devices), and its newest unstored reading. */
  liveState(sensorId: string): { online: boolean | null; pending: RawReading | null } {
    return { online: this.online.get(sensorId) ?? null, pending: this.buffer.latest(sensorId) };
  }

  private startManager(): void {
    const ctx = this.context();
    const switches = storedDeviceSwitches(ctx);
    const timeZone = homeTimeZone(ctx);
    const o = this.options;
    const demo = this.mode ? new DemoDevices({ timeZone, now: ctx.now, loggerAnswerDelayMs: o.demoLoggerAnswerDelayMs }) : null;
    this.demo = demo;
    this.demoProbes = null;
    const defaultPollMs = this.mode ? (o.demoPollIntervalS ?? 5) * 1000 : DEFAULT_POLL_MS;
    const manager: DeviceManager = new DeviceManager({
      access: demo?.access ?? o.access ?? systemDeviceAccess,
      timeZone,
      ...loggerOptions(switches),
      storeDownload: async (device, result) => this.storeDownload(manager, device, result),
      modbusProbes: (port) => this.probesFor(port),
      scanIntervalMs: o.scanIntervalMs,
      pollIntervalMs: (sourceId) => o.pollIntervalMs ?? this.sensorIntervalMs(sourceId) ?? defaultPollMs,
      offlineAfterMisses: o.offlineAfterMisses,
      timeouts: o.timeouts,
      log: ctx.log,
      now: ctx.now,
    });
    this.manager = manager;
    this.unsubscribe = manager.onEvent((event) => {
      if (this.stopped || this.manager !== manager) return;
      try {
        this.onEvent(event);
      } catch (err) {
        logFailure(this.context().log, err, { event: event.type, deviceId: event.device.id }, 'could not handle a device event');
      }
    });
    const flushMs = this.mode ? (o.demoFlushIntervalMs ?? 10_000) : (o.flushIntervalMs ?? 5 * 60_000);
    // Readings still waiting on disk (the app was killed mid-window) are stored first.
    this.flush();
    this.flushTimer = setInterval(() => this.flush(), flushMs);
    this.flushTimer.unref();
    manager.start();
    this.context().events.emit('devices.changed', { deviceId: null, message: null });
  }

  private async stopManager(): Promise<void> {
    const manager = this.manager;
    if (!manager) return;
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.flushTimer = null;
    this.flush();
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.manager = null;
    this.demo = null;
    this.extras.clear();
    this.sourceSensors.clear();
    this.online.clear();
    const stopping = manager.stop();
    if (!this.stopped) this.context().events.emit('devices.changed', { deviceId: null, message: null });
    await stopping;
  }

  private onEvent(event: DeviceEvent): void {
    const { device } = event;
    switch (event.type) {
      case 'plugged':
      case 'identified':
        this.extrasOf(device.id).lastError = null;
        if (event.type === 'identified' && device.family === 'elitech') {
          // Set up since the manager started? Logger clocks are read in the location's zone.
          this.manager?.configure({ timeZone: homeTimeZone(this.context()) });
          this.noteLoggerSensor(device);
        }
        return this.changed(device.id, null);
      case 'unplugged':
        this.forget(device.id);
        return this.changed(device.id, null);
      case 'device-error':
        this.extrasOf(device.id).lastError = event.error.message;
        return this.changed(device.id, event.error.message);
      case 'readings':
        return this.onReadings(event);
      case 'poll-failed':
        // One missed poll is often a glitch: the screen shows it, the sentence waits for 'offline'.
        this.extrasOf(device.id).lastError = event.error.message;
        if (event.misses === 1) this.changed(device.id, null);
        return;
      case 'offline':
        this.extrasOf(device.id).lastError = event.error.message;
        this.announceOnline(event.sourceId, false, event.error.message);
        return this.changed(device.id, event.error.message);
      case 'online':
        this.extrasOf(device.id).lastError = null;
        this.announceOnline(event.sourceId, true, null);
        return this.changed(device.id, null);
      case 'download-started':
        this.extrasOf(device.id).progress = { done: 0, total: 0, etaMs: null };
        return this.changed(device.id, null);
      case 'download-progress': {
        this.extrasOf(device.id).progress = { done: event.done, total: event.total, etaMs: event.etaMs };
        this.context().events.emit('devices.progress', { deviceId: device.id, done: event.done, total: event.total, etaMs: event.etaMs });
        return;
      }
      case 'download-finished': {
        const extras = this.extrasOf(device.id);
        extras.progress = null;
        extras.lastError = null;
        const s = event.summary;
        const message = s ? `Stored ${count(s.added)} new readings from ${deviceLabel(device)}; ${count(s.alreadyThere)} were already there.` : null;
        return this.changed(device.id, message);
      }
      case 'download-failed': {
        const extras = this.extrasOf(device.id);
        extras.progress = null;
        extras.lastError = event.error.message;
        return this.changed(device.id, event.error.message);
      }
    }
  }

  private onReadings(event: Extract<DeviceEvent, { type: 'readings' }>): void {
    const ctx = this.context();
    if (!ctx.identity()) return; // before first-run setup there is no location to file readings under
    for (const reading of event.readings) {
      const who = liveSensorIdentity(event.device, event.address, reading);
      const demo = this.demo?.sensorDefaults(who.deviceSerial, who.channel);
      const sensorId = ensureSensor(
        ctx,
        { deviceSerial: who.deviceSerial, deviceFamily: who.deviceFamily, channel: who.channel },
        { name: demo?.name ?? who.defaultName, unitLabel: demo?.unitLabel, intervalS: this.demo ? (this.options.demoPollIntervalS ?? 5) : undefined },
      );
      let sensors = this.sourceSensors.get(event.sourceId);
      if (!sensors) this.sourceSensors.set(event.sourceId, (sensors = new Set()));
      sensors.add(sensorId);
      const fed = this.extrasOf(event.device.id).sensorIds;
      // The Devices screen lists a device's sensors: tell it when a first reading adds one.
      if (!fed.has(sensorId)) {
        fed.add(sensorId);
        ctx.events.emit('devices.changed', { deviceId: event.device.id, message: null });
      }
      this.online.set(sensorId, true);
      this.buffer.add(sensorId, { atMs: event.atMs, rawCentiC: reading.tempCentiC, humidityCentiPct: reading.rhCentiPct });
    }
  }

  /** Stores waiting live readings, one batch per sensor, and tells the screens. */
  private flush(only?: string[]): void {
    if (this.buffer.size === 0) return;
    const ctx = this.context();
    const stored = this.buffer.flush(
      (sensorId, readings) => storeReadings(ctx, sensorId, 'live', readings),
      (sensorId, err) => logFailure(ctx.log, err, { sensorId }, 'live readings could not be stored and were dropped'),
      only,
    );
    if (stored.length > 0) ctx.events.emit('readings.stored', { sensorIds: stored });
  }

  private announceOnline(sourceId: string, online: boolean, message: string | null): void {
    const ctx = this.context();
    for (const sensorId of this.sourceSensors.get(sourceId) ?? []) {
      this.online.set(sensorId, online);
      ctx.events.emit('sensors.online', { sensorId, online, message });
      const sensor = ctx.q.first(ctx.db.selectFrom('sensors').select(['name', 'location_id']).where('id', '=', sensorId));
      if (!sensor) continue;
      ctx.audit.append(
        online
          ? { action: 'sensors.online', summary: `Sensor "${sensor.name}" answers again`, risk: 'LOW', entityType: 'sensor', entityId: sensorId, locationId: sensor.location_id }
          : {
              action: 'sensors.offline',
              summary: `Sensor "${sensor.name}" went offline after missing ${this.options.offlineAfterMisses ?? 3} polls in a row: ${message ?? 'no answer'}`,
              risk: 'MEDIUM',
              entityType: 'sensor',
              entityId: sensorId,
              locationId: sensor.location_id,
            },
        SYSTEM,
      );
    }
  }

  private storeDownload(manager: DeviceManager, device: ConnectedDevice, result: ElitechDownload): DownloadStoreSummary {
    if (this.stopped || this.manager !== manager) {
      throw new OpsFlowError('CONFLICT', 'OpsFlow stopped watching devices before the download could be stored. Nothing was stored; download it again.');
    }
    const ctx = this.context();
    const names = this.demo?.sensorDefaults(result.serialNumber, 'internal');
    const stored = storeLoggerDownload(ctx, result, this.downloadActors.get(device.id) ?? SYSTEM, names);
    const summary = { added: stored.added, alreadyThere: stored.alreadyThere };
    this.storedSummaries.set(device.id, summary);
    this.lastDownloads.set(result.serialNumber, { atMs: ctx.now(), ...summary });
    this.extrasOf(device.id).sensorIds.add(stored.sensorId);
    ctx.events.emit('readings.stored', { sensorIds: [stored.sensorId] });
    return summary;
  }

  /** A logger downloaded before (on this or another PC) already has its sensor. */
  private noteLoggerSensor(device: ConnectedDevice): void {
    const ctx = this.context();
    const identity = ctx.identity();
    if (!identity || !device.serialNumber) return;
    const who = loggerSensorIdentity(device.firmware, device.serialNumber);
    const id = sensorIdFor(identity.tenantId, identity.homeLocationId, who.deviceSerial, who.channel);
    if (ctx.q.first(ctx.db.selectFrom('sensors').select('id').where('id', '=', id))) this.extrasOf(device.id).sensorIds.add(id);
  }

  private forget(deviceId: string): void {
    for (const [sourceId, sensors] of this.sourceSensors) {
      if (sourceId !== deviceId && !sourceId.startsWith(`${deviceId}#`)) continue;
      for (const id of sensors) this.online.delete(id);
      this.sourceSensors.delete(sourceId);
    }
    this.extras.delete(deviceId);
  }

  /** The shortest interval among the sensors a source feeds; null until it has any. */
  private sensorIntervalMs(sourceId: string): number | null {
    const sensors = [...(this.sourceSensors.get(sourceId) ?? [])];
    if (this.stopped || sensors.length === 0) return null;
    const ctx = this.context();
    const rows = ctx.q.all(ctx.db.selectFrom('sensors').select('interval_s').where('id', 'in', sensors));
    return rows.length > 0 ? Math.min(...rows.map((r) => r.interval_s)) * 1000 : null;
  }

  private view(device: ConnectedDevice): DeviceView {
    const extras = this.extras.get(device.id);
    return {
      id: device.id,
      family: device.family,
      kind: deviceKind(device),
      label: deviceLabel(device),
      serialNumber: device.serialNumber,
      firmware: device.firmware,
      status: device.status,
      lastError: extras?.lastError ?? null,
      health: device.health,
      progress: device.status === 'downloading' ? (extras?.progress ?? { done: 0, total: 0, etaMs: null }) : null,
      lastDownload: device.family === 'elitech' && device.serialNumber ? (this.lastDownloads.get(device.serialNumber) ?? null) : null,
      sensorIds: [...(extras?.sensorIds ?? [])],
      probes: this.manager?.probes(device.id)?.map(probeSetting) ?? null,
      simulated: this.demo !== null,
    };
  }

  /** The probes a bus polls when it is identified: as edited (demo), as stored for this PC, or the default. */
  private probesFor(port: SerialListing): ModbusProbe[] {
    if (this.demo) return this.demoProbes ?? this.demo.probeMap;
    const stored = this.stopped ? null : storedProbes(this.context(), probeBusKey(port));
    return stored ?? this.options.modbusProbes?.(port) ?? [...DEFAULT_PROBES];
  }

  private keepProbes(busKey: string, probes: readonly ProbeSetting[]): void {
    if (this.demo) this.demoProbes = probes.map(probeSetting);
    else storeProbes(this.context(), busKey, probes);
  }

  /** A plugged bus whose probes can be set, with what it polls now. */
  private probeBus(deviceId: string) {
    const manager = this.requireManager();
    const device = manager.devices().find((d) => d.id === deviceId);
    if (!device) throw new OpsFlowError('NOT_FOUND', 'That device is no longer connected. Plug it in again.', { deviceId });
    if (device.status === 'identifying' && device.family === null) {
      throw new OpsFlowError('CONFLICT', 'OpsFlow is still recognising that device. Try again in a moment.', { deviceId });
    }
    const probes = manager.probes(deviceId);
    if (!probes) {
      throw new OpsFlowError('BAD_INPUT', `${deviceLabel(device)} is not an RS-485 adapter with Modbus probes, so it has no probe addresses to set.`, { deviceId });
    }
    const label = deviceLabel(device);
    return { manager, device, label, busKey: probeBusKey({ serialNumber: device.serialNumber, path: device.id }), before: probes.map(probeSetting) };
  }

  /** Sensors of probes no longer polled leave the device's row (they keep their readings). */
  private dropProbesNotIn(deviceId: string, probes: readonly ProbeSetting[]): void {
    const kept = new Set(probes.map((p) => `${deviceId}#${p.address}`));
    const fed = this.extras.get(deviceId)?.sensorIds;
    for (const [sourceId, sensors] of this.sourceSensors) {
      if (!sourceId.startsWith(`${deviceId}#`) || kept.has(sourceId)) continue;
      for (const id of sensors) {
        fed?.delete(id);
        this.online.delete(id);
      }
      this.sourceSensors.delete(sourceId);
    }
  }

  private extrasOf(deviceId: string): DeviceExtras {
    let extras = this.extras.get(deviceId);
    if (!extras) this.extras.set(deviceId, (extras = { lastError: null, progress: null, sensorIds: new Set() }));
    return extras;
  }

  private changed(deviceId: string | null, message: string | null): void {
    this.context().events.emit('devices.changed', { deviceId, message });
  }

  private requireManager(): DeviceManager {
    if (!this.manager) throw new OpsFlowError('CONFLICT', 'OpsFlow is not watching devices right now. Restart it and try again.');
    return this.manager;
  }

  private requireDemo(): DemoDevices {
    if (!this.demo) {
      throw new OpsFlowError('CONFLICT', 'Demo devices exist only in demo mode. Turn on demo mode in Settings first.');
    }
    return this.demo;
  }

  /** Device lists are read on a timer; after a demo plug, look again now rather than in two seconds. */
  private async rescanUntil(done: () => boolean): Promise<void> {
    for (let i = 0; i < 3 && !done(); i++) await this.manager?.scan();
  }
}

function loggerOptions(switches: DeviceSwitches) {
  // Restarting erases the logger, so it is also when its clock is set to the location's time.
  const restart = switches.restartLoggersAfterDownload;
  return { autoDownload: switches.autoDownloadLoggers, afterDownload: { restartLogging: restart, setClock: restart } };
}

function homeTimeZone(ctx: EngineContext): string {
  const identity = ctx.identity();
  return (identity && ctx.directory.location(identity.homeLocationId)?.time_zone) || 'UTC';
}

function logFailure(log: EngineContext['log'], err: unknown, context: Record<string, unknown>, what: string): void {
  log.error({ ...context, err }, what);
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
