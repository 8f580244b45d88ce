import { isLoggerFamily, type DeviceView, type LoggerFamily } from '../../../domain/contract/devices';
import type { DecodedReading } from '../../../domain/devices/types';
import type { ConnectedDevice } from './device-manager';

/**
 * How a connected device is named and shown, and which sensor each of its channels feeds. Shared
 * by the devices service (Devices screen) and the command line (`opsflow devices list`).
 */

export function deviceKind(device: Pick<ConnectedDevice, 'family'>): DeviceView['kind'] {
  if (device.family === null) return 'unknown';
  return isLoggerFamily(device.family) ? 'logger' : 'live';
}

/** "Elitech RC-4", "TEMPer2_V3.7", "Modbus probes (RS-485)". */
export function deviceLabel(device: Pick<ConnectedDevice, 'family' | 'firmware'>): string {
  switch (device.family) {
    case 'elitech':
      return `Elitech ${device.firmware ?? 'logger'}`;
    case 'elusb':
      return `Lascar ${device.firmware ?? 'EasyLog logger'}`;
    case 'temper':
      return device.firmware ?? 'TEMPer thermometer';
    case 'temperx232':
      return device.firmware ?? 'TEMPerX232 thermometer';
    case 'modbus':
      return 'Modbus probes (RS-485)';
    default:
      return 'USB device (not recognised yet)';
  }
}

const MAX_SERIAL_LENGTH = 64;

/**
 * The serial number calibration and readings are keyed by. Many cheap thermometers report no USB
 * serial number; those fall back to their port, which is the best that can be done for them.
 */
export function deviceSerialOf(device: Pick<ConnectedDevice, 'serialNumber' | 'id'>): string {
  const serial = device.serialNumber?.trim();
  if (serial) return serial.slice(0, MAX_SERIAL_LENGTH);
  const port = `port:${device.id}`;
  return port.length <= MAX_SERIAL_LENGTH ? port : `port:…${device.id.slice(-(MAX_SERIAL_LENGTH - 6))}`;
}

/** The serial a probe's sensors carry: its bus's serial and its Modbus address ("RS485-A#3"). */
export function probeSensorSerial(busSerial: string, address: number): string {
  return `${busSerial.slice(0, MAX_SERIAL_LENGTH - 4)}#${address}`;
}

export interface LiveSensorIdentity {
  deviceSerial: string;
  deviceFamily: string;
  channel: string;
  /** The name a new sensor gets: "TEMPer2 internal", "Probe 3". */
  defaultName: string;
}

/** The sensor a live reading belongs to: a thermometer's channel, or one probe on a bus. */
export function liveSensorIdentity(device: ConnectedDevice, address: number | null, reading: DecodedReading): LiveSensorIdentity {
  const serial = deviceSerialOf(device);
  const channel = reading.channel ?? 'internal';
  const family = device.family ?? 'unknown';
  if (address !== null) {
    return { deviceSerial: probeSensorSerial(serial, address), deviceFamily: family, channel, defaultName: `Probe ${address}` };
  }
  // "TEMPer2_V3.7" → "TEMPer2", "TEMPerNTC F1.0NT" → "TEMPerNTC": the revision means nothing to the person naming the sensor.
  const model = (device.firmware ?? deviceLabel(device)).replace(/(?:_?V\d+(\.\d+)*| F\d+\.\d+[A-Z]*)$/, '').trim();
  // "external-2" reads "external 2" in the name a person sees.
  return { deviceSerial: serial, deviceFamily: family, channel, defaultName: `${model} ${channel.replace(/-(\d+)$/, ' $1')}` };
}

/** The sensor of a logger: one channel, named after the logger ("Elitech RC-4 EL20240001", "Lascar EL-USB-2 4660"). */
export function loggerSensorIdentity(model: string | null, serialNumber: string, family: LoggerFamily = 'elitech'): LiveSensorIdentity {
  return {
    deviceSerial: serialNumber.slice(0, MAX_SERIAL_LENGTH),
    deviceFamily: family,
    channel: 'internal',
    defaultName: `${deviceLabel({ family, firmware: model })} ${serialNumber}`,
  };
}
