import type { ProbeSetting } from '../../../domain/contract/devices';
import type { StationSettings } from '../station/station-settings';
import { deviceSerialOf } from './device-views';
import type { ModbusProbe } from './modbus-driver';

/**
 * Which probes sit on each RS-485 adapter of this PC. Stored per adapter by its USB serial number
 * (its port when it reports none, as many CH340 adapters do), the same key its sensors carry, so
 * the list survives replugging into another USB socket. Never synced: the bus is wired to this PC.
 */

/** What a bus polls when nobody has said otherwise: one XY-MD02 at its factory address. */
export const DEFAULT_PROBES: readonly ProbeSetting[] = [{ address: 1, map: 'xy-md02' }];

/** The adapter's key in the settings and in its probes' sensor serials ("RS485-A", "port:/dev/ttyUSB0"). */
export function probeBusKey(adapter: { serialNumber: string | null; path: string }): string {
  return deviceSerialOf({ serialNumber: adapter.serialNumber, id: adapter.path });
}

export function storedProbes(settings: StationSettings, busKey: string): ProbeSetting[] | null {
  return settings.get<ProbeSetting[] | null>(settingKey(busKey), null);
}

export function storeProbes(settings: StationSettings, busKey: string, probes: readonly ProbeSetting[]): void {
  settings.set(settingKey(busKey), probes.map(probeSetting));
}

export function probeSetting(probe: ModbusProbe | ProbeSetting): ProbeSetting {
  return { address: probe.address, map: probe.map };
}

/** "1 (XY-MD02), 2 (MD02)" for audit summaries and messages. */
export function describeProbes(probes: readonly ProbeSetting[]): string {
  return probes.map((p) => `${p.address} (${p.map.toUpperCase()})`).join(', ') || 'none';
}

function settingKey(busKey: string): string {
  return `modbusProbes:${busKey}`;
}
