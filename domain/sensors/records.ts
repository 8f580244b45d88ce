import { z } from 'zod';

/** The `sensors` map of a location's ops document: one Y.Map per sensor (a device channel). */
export const OPS_MAPS = { sensors: 'sensors' } as const;

export const DEFAULT_POLL_INTERVAL_S = 60;

export const sensorRecord = z.object({
  deviceSerial: z.string().min(1).max(64),
  deviceFamily: z.string().max(32),
  channel: z.string().max(32),
  name: z.string().max(120),
  /** What it watches: "Walk-in cooler", "Freezer 2"… (HACCP units replace the free label later). */
  unitLabel: z.string().max(120),
  intervalS: z.number().int().min(5).max(86_400),
  /** Added to the device's value; belongs to the device's serial number, not to the port. */
  calibrationOffsetCentiC: z.number().int().min(-1000).max(1000),
  calibratedAtMs: z.number().int().nullable(),
  calibrationDueMs: z.number().int().nullable(),
  active: z.boolean(),
  createdAtMs: z.number().int(),
  /** The HACCP unit it watches (domain/haccp); absent in records written before units existed. */
  unitId: z.string().min(1).max(64).nullable().optional(),
});
export type SensorRecord = z.infer<typeof sensorRecord>;
