import type { DemoDeviceName, DeviceView, ProbeSetting } from '../../../domain/contract/devices';
import { OpsFlowError } from '../../../domain/errors';
import { SYSTEM_ACTOR, type AuditActor } from '../audit/audit-writer';
import type { EngineContext } from '../context';
import type { FeatureService } from '../feature-module';
import type { StoreReadingsResult } from '../readings/store-readings';
import { DeviceBoard } from './device-board';
import { DeviceManager, type ConnectedDevice, type DeviceEvent } from './device-manager';
import { deviceKind } from './device-views';
import { loggerHandling, storedDeviceSwitches } from './device-switches';
import type { Commit, DevicesPort, LiveSensorState } from './devices-port';
import type { DevicesServiceOptions } from './devices-service-options';
import type { StoredLog } from './stored-log';
import { LiveReadings } from './live-readings';
import { downloadLogger } from './logger-download';
import { storeLoggerDownload, type StoredDownload } from './logger-storage';
import { moveSensorsToSerial } from '../sensors/sensors';
import { ProbeBuses, type ProbeChange } from './probe-buses';
import { probeSetting } from './probe-settings';
import { DemoDevices } from './simulators/demo-devices';
import { systemDeviceAccess } from './system-device-access';
import { notWatchingDevices } from './device-errors';

/**
 * The engine's side of the devices: one DeviceManager over this PC's USB and serial devices (or
 * over the demo's simulators), started, stopped and swapped here. What the manager reports goes to
 * the device board (the Devices screen) and the live readings (sensors and their batches); probe
 * lists are the probe buses' business; a logger download is stored whole or not at all.
 */

const DEFAULT_POLL_MS = 60_000;

/** Downloads are stored for an audit actor: the person who asked, or the system on plugging in. */
type Manager = DeviceManager<StoredDownload, AuditActor>;

export class DevicesService implements DevicesPort, FeatureService {
  private manager: Manager | null = null;
  private demo: DemoDevices | null = null;
  private mode = false;
  private stopped = false;
  private unsubscribe: (() => void) | null = null;
  private switching: Promise<void> = Promise.resolve();
  private readonly board: DeviceBoard;
  private readonly live: LiveReadings;
  private readonly buses: ProbeBuses;

  constructor(
    private readonly context: () => EngineContext,
    private readonly options: DevicesServiceOptions = {},
  ) {
    this.board = new DeviceBoard(context);
    this.live = new LiveReadings(context, options.offlineAfterMisses ?? 3);
    this.buses = new ProbeBuses({
      manager: () => this.requireManager(),
      settings: () => context().stationSettings,
      modbusProbes: options.modbusProbes,
      moveSensors: (fromSerial, toSerial) => moveSensorsToSerial(context(), fromSerial, toSerial),
    });
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
    this.buses.close();
    await this.stopManager();
  }

  list(): DeviceView[] {
    return (this.manager?.devices() ?? []).map((d) => this.view(d));
  }

  /** Downloads a plugged logger for a person (or the command line); resolves once stored. */
  download(deviceId: string, actor: AuditActor): Promise<StoreReadingsResult> {
    return downloadLogger(this.requireManager(), deviceId, actor, homeTimeZone(this.context()));
  }

  async setProbes(deviceId: string, probes: ProbeSetting[], commit: Commit): Promise<DeviceView> {
    return this.showProbeChange(await this.buses.set(deviceId, probes, commit));
  }

  async changeProbeAddress(deviceId: string, address: number, newAddress: number, commit: Commit): Promise<DeviceView> {
    return this.showProbeChange(await this.buses.changeAddress(deviceId, address, newAddress, commit));
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
    this.manager?.configure(loggerHandling(storedDeviceSwitches(this.context().stationSettings)));
    if (changed.demoMode === undefined || changed.demoMode === this.mode) return;
    const target = changed.demoMode;
    this.switching = this.switching
      .then(async () => {
        if (this.stopped || target === this.mode) return;
        await this.stopManager();
        this.mode = target;
        if (!this.stopped) this.startManager();
      })
      .catch((err: unknown) => this.context().log.error({ demoMode: target, err }, 'could not switch demo mode'));
    await this.switching;
  }

  flushSensor(sensorId: string): void {
    this.live.flush([sensorId]);
  }

  liveState(sensorId: string): LiveSensorState {
    return this.live.state(sensorId);
  }

  private startManager(): void {
    const ctx = this.context();
    const timeZone = homeTimeZone(ctx);
    const o = this.options;
    const demo = this.mode ? new DemoDevices({ timeZone, now: ctx.now, loggerAnswerDelayMs: o.demoLoggerAnswerDelayMs }) : null;
    const demoIntervalS = o.demoPollIntervalS ?? 5;
    const defaultPollMs = demo ? demoIntervalS * 1000 : DEFAULT_POLL_MS;
    const manager: Manager = new DeviceManager({
      access: demo?.access ?? o.access ?? systemDeviceAccess,
      timeZone,
      ...loggerHandling(storedDeviceSwitches(ctx.stationSettings)),
      storeDownload: (_device, result, by) => this.storeDownload(manager, result, by),
      modbusProbes: (port) => this.buses.probesFor(port),
      scanIntervalMs: o.scanIntervalMs,
      pollIntervalMs: (sourceId) => o.pollIntervalMs ?? this.live.sensorIntervalMs(sourceId) ?? defaultPollMs,
      offlineAfterMisses: o.offlineAfterMisses,
      timeouts: o.timeouts,
      log: ctx.log,
      now: ctx.now,
    });
    this.manager = manager;
    this.demo = demo;
    this.buses.watch(demo);
    this.unsubscribe = manager.onEvent((event) => {
      if (this.stopped || this.manager !== manager) return;
      try {
        this.onEvent(event);
      } catch (err) {
        this.context().log.error({ event: event.type, deviceId: event.device.id, err }, 'could not handle a device event');
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
        if (deviceKind(device) === 'logger') this.manager?.configure({ timeZone: homeTimeZone(this.context()) });
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
  private storeDownload(manager: Manager, result: StoredLog, by: AuditActor | null): StoredDownload {
    if (this.stopped || this.manager !== manager) {
      throw new OpsFlowError('CONFLICT', 'OpsFlow stopped watching devices before the download could be stored. Nothing was stored; download it again.');
    }
    const ctx = this.context();
    const names = this.demo?.sensorDefaults(result.serialNumber, 'internal');
    const stored = storeLoggerDownload(ctx, ctx.audit, result, by ?? SYSTEM_ACTOR, names);
    ctx.events.emit('readings.stored', { sensorIds: [stored.sensorId] });
    return stored;
  }

  /** Sensors of probes no longer polled leave the bus's row (they keep their readings). */
  private showProbeChange({ device, polled, message }: ProbeChange): DeviceView {
    this.board.hideSensors(device.id, this.live.forgetProbesNotIn(device.id, polled.map((p) => p.address)));
    this.board.changed(device.id, message);
    return this.view(device);
  }

  private view(device: ConnectedDevice): DeviceView {
    return this.board.view(device, { probes: this.manager?.probes(device.id)?.map(probeSetting) ?? null, simulated: this.demo !== null });
  }

  private requireManager(): Manager {
    if (!this.manager) throw notWatchingDevices();
    return this.manager;
  }

  private requireDemo(): DemoDevices {
    if (!this.demo) throw new OpsFlowError('CONFLICT', 'Demo devices exist only in demo mode. Turn on demo mode in Settings first.');
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
