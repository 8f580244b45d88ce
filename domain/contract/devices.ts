import { z } from 'zod';
import { method } from './define';

export type DeviceFamilyName = 'temper' | 'temperx232' | 'modbus' | 'elitech' | 'elusb';

/** Families that keep a stored log to download: their sensors are downloaded, not polled live. */
export const LOGGER_FAMILIES = ['elitech', 'elusb'] as const satisfies readonly DeviceFamilyName[];
export type LoggerFamily = (typeof LOGGER_FAMILIES)[number];

export function isLoggerFamily(family: string | null): boolean {
  return (LOGGER_FAMILIES as readonly (string | null)[]).includes(family);
}

export interface DownloadProgress {
  done: number;
  total: number;
  /** Estimated time left, once there is enough to estimate from. */
  etaMs: number | null;
}

/** A device plugged into this PC, as the Devices screen shows it. */
export interface DeviceView {
  /** The port (HID path or serial port); stable while plugged in. */
  id: string;
  family: DeviceFamilyName | null;
  kind: 'live' | 'logger' | 'unknown';
  /** "Elitech RC-4", "TEMPer2_V3.7", "Modbus probes (RS-485)". */
  label: string;
  serialNumber: string | null;
  firmware: string | null;
  status: 'identifying' | 'ready' | 'downloading' | 'failed';
  /** The last problem, as a sentence (CRC errors, timeouts, unplugged mid-download…). */
  lastError: string | null;
  /** Battery or health where the device reports it (a logger's work status), else null. */
  health: string | null;
  progress: DownloadProgress | null;
  lastDownload: { atMs: number; added: number; alreadyThere: number } | null;
  /** The sensors (channels, probes) this device feeds. */
  sensorIds: string[];
  /** The probes polled on an RS-485 adapter, by address; null for anything but a Modbus bus. */
  probes: ProbeSetting[] | null;
  simulated: boolean;
}

/** XY-MD02 and MD02 probes keep temperature and humidity in different registers. */
export const PROBE_MAPS = ['xy-md02', 'md02'] as const;
export type ProbeMapName = (typeof PROBE_MAPS)[number];

/** One probe on an RS-485 bus: its Modbus address and register map. */
export interface ProbeSetting {
  address: number;
  map: ProbeMapName;
}

/** Modbus RTU slave addresses: 0 is broadcast, 248 and up are reserved. */
export const MIN_PROBE_ADDRESS = 1;
export const MAX_PROBE_ADDRESS = 247;
/** More probes than this on one bus would stretch a poll round past a minute. */
export const MAX_PROBES_PER_BUS = 32;

/** The Probes dialog refuses an address in the same words. */
export const PROBE_ADDRESS_RANGE = `A probe address is ${MIN_PROBE_ADDRESS} to ${MAX_PROBE_ADDRESS}.`;
/** The Probes dialog says it before sending, in the same words. */
export const NO_PROBES = 'Set up at least one probe.';

const probeAddress = z.number().int('A probe address is a whole number.').min(MIN_PROBE_ADDRESS, PROBE_ADDRESS_RANGE).max(MAX_PROBE_ADDRESS, PROBE_ADDRESS_RANGE);

const probeList = z
  .array(z.strictObject({ address: probeAddress, map: z.enum(PROBE_MAPS) }))
  .min(1, NO_PROBES)
  .max(MAX_PROBES_PER_BUS, `One bus takes at most ${MAX_PROBES_PER_BUS} probes.`)
  .refine((probes) => new Set(probes.map((p) => p.address)).size === probes.length, 'Each probe on a bus needs its own address.');

/** What a person may set on a sensor; the settings form checks with these too. */
/**
 * Demo devices that can be plugged in by name: the logger starts unplugged (the Devices screen's
 * "plug in" button); the thermometer and the probe bus start plugged and can be put back after a
 * demo unplug.
 */
export const DEMO_DEVICES = ['elitech-logger', 'walk-in-thermometer', 'probe-bus', 'easylog-logger'] as const;
export type DemoDeviceName = (typeof DEMO_DEVICES)[number];

export const deviceMethods = {
  /**
   * The devices belong to the location this PC stands in: a person not granted it sees none of
   * them, and `stationLocationNotGranted` names that location so the screen can say why.
   */
  'devices.list': method<{ devices: DeviceView[]; demoMode: boolean; stationLocationNotGranted: string | null }>()({ input: z.strictObject({}), access: 'devices.view', mutation: false }),
  /** Downloads a plugged logger; resolves when it is stored (progress arrives as events). */
  'devices.download': method<{ added: number; alreadyThere: number }>()({
    input: z.strictObject({ deviceId: z.string().min(1).max(512) }),
    access: 'devices.operate',
    mutation: true,
  }),
  /** Demo mode only: plug or unplug a simulated device. */
  'devices.demoPlug': method<{ deviceId: string }>()({
    input: z.strictObject({ device: z.enum(DEMO_DEVICES) }),
    access: 'devices.operate',
    mutation: false,
  }),
  'devices.demoUnplug': method<{ unplugged: true }>()({
    input: z.strictObject({ deviceId: z.string().min(1).max(512) }),
    access: 'devices.operate',
    mutation: false,
  }),
  /** Which probes sit on an RS-485 adapter (stored for this PC, by the adapter's serial number); polling follows at once. */
  'devices.setProbes': method<DeviceView>()({
    input: z.strictObject({ deviceId: z.string().min(1).max(512), probes: probeList }),
    access: 'sensors.manage',
    mutation: true,
  }),
  /** Writes a new address into a probe on the bus; the stored list follows. */
  'devices.changeProbeAddress': method<DeviceView>()({
    input: z.strictObject({ deviceId: z.string().min(1).max(512), address: probeAddress, newAddress: probeAddress }),
    access: 'sensors.manage',
    mutation: true,
  }),
};
