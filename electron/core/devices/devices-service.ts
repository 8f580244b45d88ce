import type { DemoDeviceName, DeviceView, ProbeSetting } from '../../../domain/contract/devices';
import { OpsFlowError } from '../../../domain/errors';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/audit-writer';
import type { EngineContext } from '../context';
import type { ImportResult } from '../readings/import-readings';
import { DeviceBoard } from './device-board';
import { DeviceManager, type ConnectedDevice, type DeviceEvent } from './device-manager';
import { loggerHandling, storedDeviceSwitches } from './device-switches';
import { deviceKind, deviceLabel } from './device-views';
import type { ElitechDownload } from './elitech-driver';
import type { ModbusProbe } from './modbus-driver';
import type { SerialListing } from './transport';
import type { Commit, DevicesPort, LiveSensorState } from './devices-port';
import type { DevicesServiceOptions } from './devices-service-options';
import { LiveReadings } from './live-readings';
import { storeLoggerDownload, type StoredDownload } from './logger-storage';
import { DEFAULT_PROBES, describeProbes, probeBusKey, probeSetting, storedProbes, storeProbes } from './probe-settings';
import { DemoDevices } from './simulators/demo-devices';
import { systemDeviceAccess } from './system-device-access';

/**
 * The engine's side of the devices: one DeviceManager over this PC's USB and serial devices (or
 * over simulators in demo mode), wired to storage and to the UI. Live readings become sensors and
 * batches of readings, downloads are stored whole or not at all, a sensor that stops answering is
 * announced and audited, and every step of a device is pushed to the Devices screen as events.
 */

const DEFAULT_POLL_MS = 60_000;


type Manager = DeviceManager<StoredDownload, AuditActor>;

export class DevicesService implements DevicesPort {
  private manager: Manager | null = null;
  private demo: DemoDevices | null = null;
  private mode = false;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private readonly board: DeviceBoard;
  private readonly live: LiveReadings;
  private switching: Promise<void> = Promise.resolve();
  /** Demo mode only: the probe list as edited on the Devices screen; kept in memory, like the demo bus itself. */
  private demoProbes: ModbusProbe[] | null = null;

  constructor(
    private readonly context: () => EngineContext,
    private readonly options: DevicesServiceOptions = {},
  ) {
    this.board = new DeviceBoard(context);
    this.live = new LiveReadings(context, options.offlineAfterMisses ?? 3);
  }

  /** True while the simulated devices are shown instead of this PC's. */
  get demoMode(): boolean {
    return this.mode;
  }

  /** Starts watching: demo mode if asked for by the flag or the setting. */
  async start(): Promise<void> {
    this.mode = Boolean(this.options.demo) || storedDeviceSwitches(this.context().stationSettings).demoMode;
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
  async download(deviceId: string, actor: AuditActor): Promise<ImportResult> {
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
    const { added, alreadyThere } = await manager.download(deviceId, actor);
    return { added, alreadyThere };
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
    this.board.changed(deviceId, `${label} now polls ${probes.length === 1 ? 'the probe at address' : 'the probes at addresses'} ${probes.map((p) => p.address).join(', ')}.`);
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
    this.board.changed(deviceId, `The probe at address ${address} on ${label} now answers at address ${newAddress}.`);
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
    const switches = storedDeviceSwitches(this.context().stationSettings);
    this.manager?.configure(loggerHandling(switches));
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

  flushSensor(sensorId: string): void {
    this.live.flush([sensorId]);
  }

  liveState(sensorId: string): LiveSensorState {
    return this.live.state(sensorId);
  }

  private startManager(): void {
    const ctx = this.context();
    const switches = storedDeviceSwitches(ctx.stationSettings);
    const timeZone = homeTimeZone(ctx);
    const o = this.options;
    const demo = this.mode ? new DemoDevices({ timeZone, now: ctx.now, loggerAnswerDelayMs: o.demoLoggerAnswerDelayMs }) : null;
    this.demo = demo;
    this.demoProbes = null;
    const demoIntervalS = o.demoPollIntervalS ?? 5;
    const defaultPollMs = demo ? demoIntervalS * 1000 : DEFAULT_POLL_MS;
    const manager: Manager = new DeviceManager({
      access: demo?.access ?? o.access ?? systemDeviceAccess,
      timeZone,
      ...loggerHandling(switches),
      storeDownload: (_device, result, by) => this.storeDownload(manager, result, by),
      modbusProbes: (port) => this.probesFor(port),
      scanIntervalMs: o.scanIntervalMs,
      pollIntervalMs: (sourceId) => o.pollIntervalMs ?? this.live.sensorIntervalMs(sourceId) ?? defaultPollMs,
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
    this.live.start({
      flushIntervalMs: demo ? (o.demoFlushIntervalMs ?? 10_000) : (o.flushIntervalMs ?? 5 * 60_000),
      newSensor: (deviceSerial, channel) => {
        const names = demo?.sensorDefaults(deviceSerial, channel);
        return { name: names?.name, unitLabel: names?.unitLabel, intervalS: demo ? demoIntervalS : undefined };
      },
    });
    manager.start();
    this.board.changed(null, null);
  }

  private async stopManager(): Promise<void> {
    const manager = this.manager;
    if (!manager) return;
    this.live.stop();
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.manager = null;
    this.demo = null;
    this.board.clear();
    const stopping = manager.stop();
    if (!this.stopped) this.board.changed(null, null);
    await stopping;
  }

  /** Live readings first (sensors named, announced), then the board tells the screen. */
  private onEvent(event: DeviceEvent<StoredDownload>): void {
    const { device } = event;
    switch (event.type) {
      case 'readings':
        return this.board.showSensors(device.id, this.live.record(event));
      case 'identified':
        // Set up since the manager started? Logger clocks are read in the location's zone.
        if (device.family === 'elitech') this.manager?.configure({ timeZone: homeTimeZone(this.context()) });
        break;
      case 'unplugged':
        this.live.forgetDevice(device.id);
        break;
      case 'offline':
        this.live.setOnline(event.sourceId, false, event.error.message);
        break;
      case 'online':
        this.live.setOnline(event.sourceId, true, null);
        break;
    }
    this.board.onEvent(event);
  }

  /** A download is stored for whoever asked for it, or for the system when the logger was downloaded on plugging in. */
  private storeDownload(manager: Manager, result: ElitechDownload, by: AuditActor | null): StoredDownload {
    if (this.stopped || this.manager !== manager) {
      throw new OpsFlowError('CONFLICT', 'OpsFlow stopped watching devices before the download could be stored. Nothing was stored; download it again.');
    }
    const ctx = this.context();
    const names = this.demo?.sensorDefaults(result.serialNumber, 'internal');
    const stored = storeLoggerDownload(ctx, ctx.audit, result, by ?? SYSTEM_ACTOR, names);
    ctx.events.emit('readings.stored', { sensorIds: [stored.sensorId] });
    return stored;
  }

  private view(device: ConnectedDevice): DeviceView {
    return this.board.view(device, { probes: this.manager?.probes(device.id)?.map(probeSetting) ?? null, simulated: this.demo !== null });
  }

  /** The probes a bus polls when it is identified: as edited (demo), as stored for this PC, or the default. */
  private probesFor(port: SerialListing): ModbusProbe[] {
    if (this.demo) return this.demoProbes ?? this.demo.probeMap;
    const stored = this.stopped ? null : storedProbes(this.context().stationSettings, probeBusKey(port));
    return stored ?? this.options.modbusProbes?.(port) ?? [...DEFAULT_PROBES];
  }

  private keepProbes(busKey: string, probes: readonly ProbeSetting[]): void {
    if (this.demo) this.demoProbes = probes.map(probeSetting);
    else storeProbes(this.context().stationSettings, busKey, probes);
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
    this.board.hideSensors(deviceId, this.live.forgetProbesNotIn(deviceId, probes.map((p) => p.address)));
  }

  private requireManager(): Manager {
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

function homeTimeZone(ctx: EngineContext): string {
  const identity = ctx.identity();
  return (identity && ctx.directory.location(identity.homeLocationId)?.time_zone) || 'UTC';
}

function logFailure(log: EngineContext['log'], err: unknown, context: Record<string, unknown>, what: string): void {
  log.error({ ...context, err }, what);
}
