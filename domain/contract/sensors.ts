import { z } from 'zod';
import { method } from './define';
import { epochMs, id, optionalTextFor, shortTextFor, wholeNumber } from './limits';

/** Sensors (a device channel at a location), their calibration and their readings chart. */

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
  /** The HACCP unit it watches (its readings are judged against that unit's limit); null for none. */
  unit: { id: string; name: string } | null;
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

export const sensorMethods = {
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
