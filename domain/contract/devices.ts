import { z } from 'zod';
import { method } from './define';
import { epochMs, id, optionalTextFor, shortTextFor, wholeNumber } from './limits';

export type DeviceFamilyName = 'temper' | 'temperx232' | 'modbus' | 'elitech';

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
export const sensorName = shortTextFor("The sensor's name");
export const sensorUnitLabel = optionalTextFor('What the sensor watches', 120);
export const sensorIntervalS = wholeNumber(5, 86_400, 'A sensor is polled every 5 to 86,400 seconds (one day).');
/** Hundredths of a °C added to what the device says: -10.00 to +10.00 °C. */
export const calibrationOffsetCentiC = wholeNumber(-1000, 1000, 'A calibration offset is -10.00 to +10.00 °C.');
export const calibrationNote = optionalTextFor('The note', 500);

export interface SensorView {
  id: string;
  locationId: string;
  name: string;
  unitLabel: string;
  deviceSerial: string;
  deviceFamily: string;
  channel: string;
  intervalS: number;
  calibrationOffsetCentiC: number;
  calibratedAtMs: number | null;
  calibrationDueMs: number | null;
  active: boolean;
  /** Live sensors: false after three missed polls in a row; null for loggers and unplugged devices. */
  online: boolean | null;
  lastReading: { atMs: number; tempCentiC: number } | null;
}

export interface CalibrationEvent {
  id: string;
  sensorId: string;
  atMs: number;
  offsetCentiC: number;
  previousOffsetCentiC: number;
  dueMs: number | null;
  actorName: string;
  note: string;
}

/** Relative humidity over some readings, hundredths of a percent; `count` is how many had any. */
export interface HumiditySummary {
  minCentiPct: number;
  maxCentiPct: number;
  avgCentiPct: number;
  count: number;
}

export interface ChartView {
  source: 'rollups' | 'raw';
  bucketMs: number;
  /** Per bucket with readings; `humidity` is null where none of the bucket's readings has any. */
  points: { atMs: number; minCentiC: number; maxCentiC: number; avgCentiC: number; count: number; humidity: HumiditySummary | null }[];
  stats: { minCentiC: number; maxCentiC: number; avgCentiC: number; count: number } | null;
  /** Over the range; null when no reading in it has humidity (the chart then shows temperature only). */
  humidityStats: HumiditySummary | null;
}

/**
 * Demo devices that can be plugged in by name: the logger starts unplugged (the Devices screen's
 * "plug in" button); the thermometer and the probe bus start plugged and can be put back after a
 * demo unplug.
 */
export const DEMO_DEVICES = ['elitech-logger', 'walk-in-thermometer', 'probe-bus'] as const;
export type DemoDeviceName = (typeof DEMO_DEVICES)[number];

export const deviceMethods = {
  'devices.list': method<{ devices: DeviceView[]; demoMode: boolean }>()({ input: z.strictObject({}), access: 'devices.view', mutation: false }),
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
  'sensors.list': method<SensorView[]>()({ input: z.strictObject({}), access: 'devices.view', mutation: false }),
  'sensors.update': method<SensorView>()({
    input: z.strictObject({
      sensorId: id,
      name: sensorName.optional(),
      unitLabel: sensorUnitLabel.optional(),
      intervalS: sensorIntervalS.optional(),
      /** false retires a sensor no longer in use (its readings stay); true brings it back. */
      active: z.boolean().optional(),
    }),
    access: 'sensors.manage',
    mutation: true,
  }),
  'sensors.calibrate': method<SensorView>()({
    input: z.strictObject({
      sensorId: id,
      offsetCentiC: calibrationOffsetCentiC,
      dueMs: epochMs.nullable(),
      note: calibrationNote,
    }),
    access: 'calibration.manage',
    mutation: true,
  }),
  'sensors.calibrationHistory': method<CalibrationEvent[]>()({
    input: z.strictObject({ sensorId: id }),
    access: 'devices.view',
    mutation: false,
  }),
  /** Min/max/avg per bucket between two times; never more points than buckets. */
  'sensors.chart': method<ChartView>()({
    input: z
      .strictObject({ sensorId: id, fromMs: epochMs, toMs: epochMs, buckets: z.number().int().min(1).max(4000) })
      .refine((v) => v.toMs > v.fromMs, 'The end of the range must be after its start.'),
    access: 'devices.view',
    mutation: false,
  }),
};
