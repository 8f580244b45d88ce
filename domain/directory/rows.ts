import { skippedFor, type Skipped } from '../sync/rows';
import { locationRecord, userRecord } from './records';
import type { Clock, DateStyle } from '../time/format-time';

/** Rows of the tables projected from the `<tenant>/directory` document (see ../sync/rows.ts). */
export interface LocationsRow {
  id: string;
  name: string;
  address: string;
  time_zone: string;
  temperature_unit: 'C' | 'F';
  created_at_ms: number;
}

export interface UsersRow {
  id: string;
  username: string;
  display_name: string;
  role: string;
  /** 1 or 0. */
  active: number;
  password_hash: string;
  pin_hash: string | null;
  totp_secret: string | null;
  /** JSON array of SHA-256 hashes of the unused backup codes. */
  totp_backup_code_hashes: string;
  temperature_unit: 'C' | 'F';
  /** How this user reads times (domain/time/format-time.ts). */
  clock: Clock;
  date_style: DateStyle;
  created_at_ms: number;
}

export interface UserLocationsRow {
  user_id: string;
  location_id: string;
}

/** An organization setting: its value as JSON. */
export interface OrganizationSettingsRow {
  key: string;
  value: string;
}

export interface MetaRow {
  key: string;
  value: string;
}

/** A location record (key: the location's id) is one row of `locations`. */
export function locationRows(key: string, value: unknown): { location: LocationsRow } | Skipped {
  const parsed = locationRecord.safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  const r = parsed.data;
  return {
    location: { id: key, name: r.name, address: r.address, time_zone: r.timeZone, temperature_unit: r.temperatureUnit, created_at_ms: r.createdAtMs },
  };
}

/**
 * A user record (key: the user's id) is one row of `users` and the user's whole set of granted
 * locations: `userLocations` replaces every row of `user_locations` the user had.
 */
export function userRows(key: string, value: unknown): { user: UsersRow; userLocations: UserLocationsRow[] } | Skipped {
  const parsed = userRecord.safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  const r = parsed.data;
  return {
    user: {
      id: key,
      username: r.username,
      display_name: r.displayName,
      role: r.role,
      active: r.active ? 1 : 0,
      password_hash: r.passwordHash,
      pin_hash: r.pinHash,
      totp_secret: r.totpSecret,
      totp_backup_code_hashes: JSON.stringify(r.totpBackupCodeHashes),
      temperature_unit: r.temperatureUnit,
      clock: r.clock,
      date_style: r.dateStyle,
      created_at_ms: r.createdAtMs,
    },
    userLocations: [...new Set(r.locationIds)].map((locationId) => ({ user_id: key, location_id: locationId })),
  };
}

/**
 * A key of the settings map is one row of `organization_settings`, or none once removed. Values
 * are kept as they are (JSON): reading them applies the defaults and limits of organizationSettings.
 */
export function organizationSettingRows(key: string, value: unknown): { setting: OrganizationSettingsRow } | { removed: { key: string } } {
  return value === undefined ? { removed: { key } } : { setting: { key, value: JSON.stringify(value) } };
}

/** The organization map (id, name) is kept in `meta` as `organization.<key>`. */
export function organizationMetaRows(key: string, value: unknown): { meta: MetaRow } | Skipped {
  if (typeof value !== 'string') return { skipped: `organization.${key} is not text` };
  return { meta: { key: `organization.${key}`, value } };
}
