import type { DecodedReading } from '../../../domain/devices/types';
import { SYSTEM_ACTOR } from '../audit/audit-writer';
import type { EngineContext } from '../context';
import { storeReadings, type RawReading } from '../readings/store-readings';
import { ensureSensor } from '../sensors/sensors';
import type { DeviceEvent } from './device-manager';
import { liveSensorIdentity } from './device-views';
import type { LiveSensorState } from './devices-port';
import { LiveReadingsBuffer } from './live-readings-buffer';

/**
 * Live readings from their device event to storage: each channel or probe becomes its sensor
 * (created on first sight), readings wait in the buffer and are stored one batch per sensor every
 * flush interval, and a sensor that stops or starts answering is announced and audited.
 */

/** What a sensor seen for the first time gets beyond its identity (the demo's read like a real kitchen). */
export type NewSensorDefaults = (deviceSerial: string, channel: string) => { name?: string; unitLabel?: string; intervalS?: number };

export interface LiveRun {
  /** How long readings gather before they are stored, one batch per sensor. */
  flushIntervalMs: number;
  newSensor: NewSensorDefaults;
}

type ReadingsEvent = Extract<DeviceEvent, { type: 'readings' }>;

/** A reading as the device gave it, in the form it waits and is stored in. */
function rawReadingOf(atMs: number, reading: DecodedReading): RawReading {
  return { atMs, rawCentiC: reading.tempCentiC, humidityCentiPct: reading.rhCentiPct };
}

export class LiveReadings {
  private readonly buffer: LiveReadingsBuffer;
  /** Sensors fed by each live source (a thermometer's port, or port#address for a probe). */
  private readonly sourceSensors = new Map<string, Set<string>>();
  /** Live sensors of plugged devices: answering or not. */
  private readonly online = new Map<string, boolean>();
  /**
   * Polls in a row in which a sensor's device answered without this sensor's channel (a probe
   * pulled out of one socket of several): the channel goes offline on its own, like a device.
   */
  private readonly channelMisses = new Map<string, number>();
  private flushTimer: NodeJS.Timeout | null = null;
  private newSensor: NewSensorDefaults = () => ({});

  constructor(
    private readonly context: () => EngineContext,
    /** Missed polls in a row before a source is offline; its audit entry says so. */
    private readonly offlineAfterMisses: number,
  ) {
    this.buffer = new LiveReadingsBuffer(context);
  }

  /** Stores the readings still waiting from last time (the app was killed mid-window), then every flush interval. */
  start(run: LiveRun): void {
    this.newSensor = run.newSensor;
    this.flush();
    this.flushTimer = setInterval(() => this.flush(), run.flushIntervalMs);
    this.flushTimer.unref();
  }

  /** Stores what waits and forgets the sources: their devices went with the manager. */
  stop(): void {
    if (this.flushTimer) clearInterval(this.flushTimer);
    this.flushTimer = null;
    this.flush();
    this.sourceSensors.clear();
    this.online.clear();
    this.channelMisses.clear();
  }

  /** Files a poll's readings under their sensors, to be stored at the next flush; returns the sensors fed. */
  record(event: ReadingsEvent): string[] {
    const ctx = this.context();
    if (!ctx.identity()) return []; // before first-run setup there is no location to file readings under
    const fed: string[] = [];
    const channelWasSilent = new Set<string>();
    for (const reading of event.readings) {
      const who = liveSensorIdentity(event.device, event.address, reading);
      const defaults = this.newSensor(who.deviceSerial, who.channel);
      const sensorId = ensureSensor(
        ctx,
        { deviceSerial: who.deviceSerial, deviceFamily: who.deviceFamily, channel: who.channel },
        { name: defaults.name ?? who.defaultName, unitLabel: defaults.unitLabel, intervalS: defaults.intervalS },
      );
      let sensors = this.sourceSensors.get(event.sourceId);
      if (!sensors) this.sourceSensors.set(event.sourceId, (sensors = new Set()));
      sensors.add(sensorId);
      if (this.channelSilent(sensorId)) channelWasSilent.add(sensorId);
      this.channelMisses.delete(sensorId);
      this.online.set(sensorId, true);
      this.buffer.add(sensorId, rawReadingOf(event.atMs, reading));
      fed.push(sensorId);
    }
    this.countChannelMisses(event.sourceId, fed, channelWasSilent);
    return fed;
  }

  /** Channels of the source missing from this poll count a miss; those back after going offline are announced. */
  private countChannelMisses(sourceId: string, fed: string[], cameBack: Set<string>): void {
    const changed = [...cameBack];
    for (const sensorId of cameBack) this.announce(sensorId, true, null);
    for (const sensorId of this.sourceSensors.get(sourceId) ?? []) {
      if (fed.includes(sensorId)) continue;
      const misses = (this.channelMisses.get(sensorId) ?? 0) + 1;
      this.channelMisses.set(sensorId, misses);
      if (misses !== this.offlineAfterMisses) continue;
      this.announce(sensorId, false, 'its thermometer answers without it; check that its probe is plugged in');
      changed.push(sensorId);
    }
    if (changed.length > 0) this.context().events.emit('data.changed', { kinds: ['sensors'] });
  }

  private channelSilent(sensorId: string): boolean {
    return (this.channelMisses.get(sensorId) ?? 0) >= this.offlineAfterMisses;
  }

  /**
   * A source stopped (or started again) answering: each of its sensors is announced and audited.
   * A channel already offline on its own (its probe pulled out) is not announced again.
   */
  setOnline(sourceId: string, online: boolean, message: string | null): void {
    const sensorIds = [...(this.sourceSensors.get(sourceId) ?? [])].filter((id) => !this.channelSilent(id));
    for (const sensorId of sensorIds) this.announce(sensorId, online, message);
    // Whether a sensor answers is shown with the sensors, though no document holds it.
    if (sensorIds.length > 0) this.context().events.emit('data.changed', { kinds: ['sensors'] });
  }

  /** One sensor stopped (or started again) answering: an event for the screens and an audit entry. */
  private announce(sensorId: string, online: boolean, message: string | null): void {
    const ctx = this.context();
    this.online.set(sensorId, online);
    ctx.events.emit('sensors.online', { sensorId, online, message });
    const sensor = ctx.q.first(ctx.db.selectFrom('sensors').select(['name', 'location_id']).where('id', '=', sensorId));
    if (!sensor) return;
    ctx.audit.append(
      online
        ? { action: 'sensors.online', summary: `Sensor "${sensor.name}" answers again`, risk: 'LOW', entityType: 'sensor', entityId: sensorId, locationId: sensor.location_id }
        : {
            action: 'sensors.offline',
            summary: `Sensor "${sensor.name}" went offline after missing ${this.offlineAfterMisses} polls in a row: ${message ?? 'no answer'}`,
            risk: 'MEDIUM',
            entityType: 'sensor',
            entityId: sensorId,
            locationId: sensor.location_id,
          },
      SYSTEM_ACTOR,
    );
  }

  /** An unplugged device's sensors are neither online nor offline any more. */
  forgetDevice(deviceId: string): void {
    this.forgetSources((sourceId) => sourceId === deviceId || sourceId.startsWith(`${deviceId}#`));
  }

  /** Probes of a bus no longer polled stop being its sources; returns their sensors. */
  forgetProbesNotIn(deviceId: string, addresses: readonly number[]): string[] {
    const kept = new Set(addresses.map((address) => `${deviceId}#${address}`));
    return this.forgetSources((sourceId) => sourceId.startsWith(`${deviceId}#`) && !kept.has(sourceId));
  }

  /** The shortest interval among the sensors a source feeds; null until it has any. */
  sensorIntervalMs(sourceId: string): number | null {
    const sensors = [...(this.sourceSensors.get(sourceId) ?? [])];
    if (sensors.length === 0) return null;
    const ctx = this.context();
    const rows = ctx.q.all(ctx.db.selectFrom('sensors').select('interval_s').where('id', 'in', sensors));
    return rows.length > 0 ? Math.min(...rows.map((r) => r.interval_s)) * 1000 : null;
  }

  /** Whether a live sensor answers (null for loggers and unplugged devices), and its newest unstored reading. */
  state(sensorId: string): LiveSensorState {
    return { online: this.online.get(sensorId) ?? null, pending: this.buffer.latest(sensorId) };
  }

  /** Stores waiting readings, one batch per sensor (all, or only those named), and tells the screens. */
  flush(only?: string[]): void {
    if (this.buffer.size === 0) return;
    const ctx = this.context();
    const stored = this.buffer.flush(
      (sensorId, readings) => storeReadings(ctx, sensorId, 'live', readings),
      (sensorId, err) => ctx.log.error({ sensorId, err }, 'live readings could not be stored and were dropped'),
      only,
    );
    if (stored.length > 0) ctx.events.emit('readings.stored', { sensorIds: stored });
  }

  private forgetSources(matches: (sourceId: string) => boolean): string[] {
    const forgotten: string[] = [];
    for (const [sourceId, sensors] of this.sourceSensors) {
      if (!matches(sourceId)) continue;
      for (const id of sensors) {
        this.online.delete(id);
        this.channelMisses.delete(id);
        forgotten.push(id);
      }
      this.sourceSensors.delete(sourceId);
    }
    return forgotten;
  }
}
