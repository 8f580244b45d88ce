import { skippedFor, type Skipped } from '../sync/rows';
import { locationRecord, userCredentialsRecord, userRecord, type UserCredentialsRecord } from './records';
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
  temperature_unit: 'C' | 'F';
  /** How this user reads times (domain/time/format-time.ts). */
  clock: Clock;
  date_style: DateStyle;
  created_at_ms: number;
}

/**
 * A user's sign-in secrets, projected from the user's credentials document. A PC that was not
 * given the document has no row: nobody signs in as that user there.
 */
export interface UserCredentialsRow {
  user_id: string;
  /** Null until the password field has arrived (fields sync one by one). */
  password_hash: string | null;
  pin_hash: string | null;
  totp_secret: string | null;
  /** JSON array of SHA-256 hashes of the unused backup codes. */
  totp_backup_code_hashes: string;
}

/** The column of `user_credentials` each credentials field is kept in. */
const CREDENTIAL_COLUMNS = {
  passwordHash: 'password_hash',
  pinHash: 'pin_hash',
  totpSecret: 'totp_secret',
  totpBackupCodeHashes: 'totp_backup_code_hashes',
} as const satisfies Record<keyof UserCredentialsRecord, keyof UserCredentialsRow>;

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

/**
 * One field of a user's credentials document (key: the field) is one column of the user's
 * `user_credentials` row; a removed field reads as "none" (no PIN, no two-factor, no backup codes).
 */
export function credentialFieldRow(userId: string, key: string, value: unknown): { userId: string; column: keyof UserCredentialsRow; value: string | null } | Skipped {
  if (!(key in CREDENTIAL_COLUMNS)) return { skipped: `${key} is not a credentials field` };
  const field = key as keyof UserCredentialsRecord;
  const column = CREDENTIAL_COLUMNS[field];
  if (value === undefined) return { userId, column, value: field === 'totpBackupCodeHashes' ? '[]' : null };
  const parsed = userCredentialsRecord.shape[field].safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  return { userId, column, value: Array.isArray(parsed.data) ? JSON.stringify(parsed.data) : parsed.data };
}
