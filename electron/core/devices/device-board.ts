import type { DeviceView, ProbeSetting } from '../../../domain/contract/devices';
import type { EngineContext } from '../context';
import type { ConnectedDevice, DeviceEvent } from './device-manager';
import { deviceKind, deviceLabel } from './device-views';
import { findLoggerSensor, type StoredDownload } from './logger-storage';

/**
 * What the Devices screen shows of each plugged device beyond what the manager knows: its last
 * problem, its download's progress, its logger's last download and the sensors it feeds. Device
 * events come in; `devices.changed` and `devices.progress` go out, with a sentence for the person
 * where something happened that they should read.
 */

/** A device's row on the screen, as far as the manager does not know it. */
interface DeviceNotes {
  lastError: string | null;
  progress: DeviceView['progress'];
  sensorIds: Set<string>;
}

type LastDownload = NonNullable<DeviceView['lastDownload']>;

export class DeviceBoard {
  private readonly notes = new Map<string, DeviceNotes>();
  /** Keyed by the logger's serial number, so it survives unplugging. */
  private readonly lastDownloads = new Map<string, LastDownload>();

  constructor(private readonly context: () => EngineContext) {}

  /** Takes one device event into the rows and tells the screens. Readings reach the board as sensors (showSensors). */
  onEvent(event: DeviceEvent<StoredDownload>): void {
    const { device } = event;
    switch (event.type) {
      case 'plugged':
      case 'identified':
        this.notesOf(device.id).lastError = null;
        if (event.type === 'identified' && deviceKind(device) === 'logger') this.showLoggerSensor(device);
        return this.changed(device.id, null);
      case 'unplugged':
        this.notes.delete(device.id);
        return this.changed(device.id, null);
      case 'device-error':
        this.notesOf(device.id).lastError = event.error.message;
        return this.changed(device.id, event.error.message);
      case 'readings':
        return;
      case 'poll-failed':
        // One missed poll is often a glitch: the screen shows it, the sentence waits for 'offline'.
        this.notesOf(device.id).lastError = event.error.message;
        if (event.misses === 1) this.changed(device.id, null);
        return;
      case 'offline':
        this.notesOf(device.id).lastError = event.error.message;
        return this.changed(device.id, event.error.message);
      case 'online':
        this.notesOf(device.id).lastError = null;
        return this.changed(device.id, null);
      case 'download-started':
        this.notesOf(device.id).progress = { done: 0, total: 0, etaMs: null };
        return this.changed(device.id, null);
      case 'download-progress': {
        const progress = { done: event.done, total: event.total, etaMs: event.etaMs };
        this.notesOf(device.id).progress = progress;
        this.context().events.emit('devices.progress', { deviceId: device.id, ...progress });
        return;
      }
      case 'download-finished': {
        const notes = this.notesOf(device.id);
        const { added, alreadyThere, sensorId } = event.summary;
        notes.progress = null;
        notes.lastError = null;
        notes.sensorIds.add(sensorId);
        this.lastDownloads.set(event.result.serialNumber, { atMs: this.context().now(), added, alreadyThere });
        return this.changed(device.id, `Stored ${count(added)} new readings from ${deviceLabel(device)}; ${count(alreadyThere)} were already there.`);
      }
      case 'download-failed': {
        const notes = this.notesOf(device.id);
        notes.progress = null;
        notes.lastError = event.error.message;
        return this.changed(device.id, event.error.message);
      }
    }
  }

  /** Sensors a device feeds, as its live readings name them; the screen lists a device's sensors, so a new one is announced. */
  showSensors(deviceId: string, sensorIds: Iterable<string>): void {
    const shown = this.notesOf(deviceId).sensorIds;
    const before = shown.size;
    for (const id of sensorIds) shown.add(id);
    if (shown.size > before) this.changed(deviceId, null);
  }

  /** Sensors a device no longer feeds (probes taken off a bus) leave its row; they keep their readings. */
  hideSensors(deviceId: string, sensorIds: Iterable<string>): void {
    const shown = this.notes.get(deviceId)?.sensorIds;
    for (const id of sensorIds) shown?.delete(id);
  }

  /** The devices watched are gone (the manager stopped); a logger's last download stays, it belongs to the logger. */
  clear(): void {
    this.notes.clear();
  }

  view(device: ConnectedDevice, seen: { probes: ProbeSetting[] | null; simulated: boolean }): DeviceView {
    const notes = this.notes.get(device.id);
    return {
      id: device.id,
      family: device.family,
      kind: deviceKind(device),
      label: deviceLabel(device),
      serialNumber: device.serialNumber,
      firmware: device.firmware,
      status: device.status,
      lastError: notes?.lastError ?? null,
      health: device.health,
      progress: device.status === 'downloading' ? (notes?.progress ?? { done: 0, total: 0, etaMs: null }) : null,
      lastDownload: deviceKind(device) === 'logger' && device.serialNumber ? (this.lastDownloads.get(device.serialNumber) ?? null) : null,
      sensorIds: [...(notes?.sensorIds ?? [])],
      probes: seen.probes,
      simulated: seen.simulated,
    };
  }

  /** Tells the screens a device (or, with null, the whole list) changed; `message` is a sentence to show. */
  changed(deviceId: string | null, message: string | null): void {
    const { events } = this.context();
    events.emit('devices.changed', { deviceId, message });
    events.emit('data.changed', { kinds: ['devices'] });
  }

  /** A logger downloaded before (on this or another PC) already has its sensor. */
  private showLoggerSensor(device: ConnectedDevice): void {
    const sensorId = findLoggerSensor(this.context(), device);
    if (sensorId) this.notesOf(device.id).sensorIds.add(sensorId);
  }

  private notesOf(deviceId: string): DeviceNotes {
    let notes = this.notes.get(deviceId);
    if (!notes) this.notes.set(deviceId, (notes = { lastError: null, progress: null, sensorIds: new Set() }));
    return notes;
  }
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
