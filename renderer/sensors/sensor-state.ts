import { isLoggerFamily } from '../../domain/contract/devices';
import type { DeviceView, SensorView } from '../../domain/contract/index';

export interface SensorState {
  text: string;
  color: 'green' | 'red' | 'blue' | 'gray';
  /** The device feeding the sensor now, if it is plugged in. */
  device: DeviceView | null;
}

/** Online, offline or not plugged in, in words: the colour only repeats what the text says. */
export function sensorState(sensor: SensorView, devices: DeviceView[] | undefined): SensorState {
  const device = devices?.find((d) => d.sensorIds.includes(sensor.id)) ?? null;
  if (!sensor.active) return { text: 'Retired', color: 'gray', device };
  if (sensor.deviceFamily === 'import') return { text: 'Imported from a file', color: 'gray', device };
  if (isLoggerFamily(sensor.deviceFamily)) {
    // A logger records on its own in the fridge; being unplugged from the PC is its normal state.
    return device ? { text: 'Plugged in', color: 'blue', device } : { text: 'Logging (not plugged in)', color: 'gray', device };
  }
  if (sensor.online === true) return { text: 'Online', color: 'green', device };
  if (sensor.online === false) return { text: 'Offline', color: 'red', device };
  return device ? { text: 'Connected', color: 'blue', device } : { text: 'Not connected', color: 'gray', device };
}
