import { z } from 'zod';
import { ROLLUP_EXCURSION_DAYS } from '../../domain/contract/rollup';

export const EnrollRequest = z
  .object({
    code: z.string().min(1).max(64).meta({ description: 'The one-time enrollment code, as shown to the administrator.', example: 'K7QH-2M9X-PT4C' }),
    deviceName: z.string().trim().min(1).max(100).meta({ description: 'How the administrator will see this device.', example: 'Kitchen PC' }),
  })
  .meta({ id: 'EnrollRequest' });

export const EnrollResponse = z
  .object({
    token: z.string().meta({ description: 'The device token: pass it as ?token= when opening a document.' }),
    tenantId: z.string(),
    canWriteDirectory: z.boolean().meta({ description: "True for the founding PC: it writes the whole directory (other PCs only within their location)." }),
    locationId: z.string(),
    expiresAtMs: z.number().int().meta({ description: 'When the token stops working unless refreshed (POST /api/v1/device/token).' }),
    readsAllLocations: z.boolean().meta({ description: 'A regional office device: it may read every location of the organization (never write them).' }),
    readLocationIds: z.array(z.string()).meta({ description: 'Other locations it may read (never write), besides its own.' }),
  })
  .meta({ id: 'EnrollResponse' });

export const TokenRefreshResponse = z
  .object({
    token: z.string().meta({ description: 'The new device token; the old one keeps working for a day, then never again.' }),
    expiresAtMs: z.number().int(),
  })
  .meta({ id: 'TokenRefreshResponse' });

export const ErrorResponse = z.object({ error: z.string().meta({ description: 'What went wrong, as a sentence.' }) }).meta({ id: 'Error' });

export const HealthResponse = z.object({ status: z.literal('ok') }).meta({ id: 'Health' });

export const LocationList = z.array(z.object({ id: z.string(), name: z.string() })).meta({ id: 'LocationList' });

export const NewLocationRequest = z
  .object({
    name: z.string().trim().min(1).max(100),
    address: z.string().trim().max(300).default(''),
    timeZone: z
      .string()
      .max(64)
      .refine((tz) => Intl.supportedValuesOf('timeZone').includes(tz) || tz === 'UTC', 'Not a time zone (e.g. Europe/Paris).')
      .default('UTC'),
    temperatureUnit: z.enum(['C', 'F']).default('C'),
  })
  .meta({ id: 'NewLocationRequest' });
export const NewLocationResponse = z.object({ locationId: z.string() }).meta({ id: 'NewLocationResponse' });

export const DeviceList = z
  .array(
    z.object({
      deviceId: z.string(),
      name: z.string(),
      locationId: z.string(),
      canWrite: z.boolean(),
      canWriteDirectory: z.boolean(),
      readsAllLocations: z.boolean().meta({ description: 'A regional office device that reads every location.' }),
      readLocationIds: z.array(z.string()).meta({ description: 'Other locations it reads (never writes).' }),
      enrolledAtMs: z.number().int(),
      revokedAtMs: z.number().int().nullable(),
    }),
  )
  .meta({ id: 'DeviceList' });

export const EnrollmentCodeRequest = z
  .object({
    locationId: z.string().min(1),
    canWrite: z.boolean().default(true).meta({ description: 'False enrolls a device that may read its location but not change it.' }),
    ttlHours: z.number().int().min(1).max(24 * 30).default(24 * 7),
    readLocationIds: z
      .array(z.string().min(1))
      .max(500)
      .default([])
      .meta({ description: "A regional office's PC: other locations it may read (never write) besides its own, for the roll-up and their screens." }),
    allLocations: z.boolean().default(false).meta({ description: 'A regional office PC that may read every location of the organization, present and future.' }),
    canWriteDirectory: z
      .boolean()
      .default(false)
      .meta({ description: "True enrolls a PC that writes the whole directory (users of every location, locations, settings), like the founding PC; others write only their catalog and location's users. Every update is checked." }),
  })
  .refine((body) => !(body.allLocations && body.readLocationIds.length > 0), { message: 'Give readLocationIds or allLocations, not both.' })
  .meta({ id: 'EnrollmentCodeRequest' });
export const EnrollmentCodeResponse = z.object({ enrollmentCode: z.string(), expiresAtMs: z.number().int() }).meta({ id: 'EnrollmentCodeResponse' });

export const AlertList = z
  .array(z.object({ id: z.string(), severity: z.enum(['CRITICAL', 'WARNING']), kind: z.string(), message: z.string(), createdAtMs: z.number().int() }))
  .meta({ id: 'AlertList' });

export const RegionalRollup = z
  .array(
    z.object({
      locationId: z.string(),
      name: z.string(),
      readingsCount: z.number().int().meta({ description: 'Readings the hub holds for the location.' }),
      latestReadingAtMs: z.number().int().nullable().meta({ description: 'The time of its latest reading (UTC epoch ms), null when it has none.' }),
      sensorsOutOfRange: z.array(z.string()).meta({ description: 'Sensors whose latest reading was judged out of its critical limit when it was stored: open excursions.' }),
      stockValueCents: z.number().int().meta({ description: 'On-hand stock valued at the unit cost its latest movement carried.' }),
      excursionsWithoutSignedAction: z.number().int().meta({ description: `Excursions of the last ${ROLLUP_EXCURSION_DAYS} days (out of range for at least the unit’s alarm delay) whose corrective action in force nobody signed, or that have none.` }),
      openTasks: z.number().int().meta({ description: 'Tasks not done.' }),
      overdueTasks: z.number().int().meta({ description: 'Tasks not done whose due time has passed.' }),
      lastSyncAtMs: z.number().int().nullable().meta({ description: "When the hub last stored a change to one of the location's documents." }),
    }),
  )
  .meta({ id: 'RegionalRollup' });
