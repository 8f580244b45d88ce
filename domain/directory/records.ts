import { RETENTION_DEFAULT_MONTHS, retentionMonths } from '../report/retention';
import { z } from 'zod';
import { ROLES } from '../auth/roles';
import { CLOCKS, DATE_STYLES, DEFAULT_CLOCK, DEFAULT_DATE_STYLE } from '../time/format-time';

/**
 * The shapes of records kept in the `<tenant>/directory` document. Each record is a Y.Map of these
 * fields (last writer wins per field). Records arriving from elsewhere are checked against these
 * schemas before they are projected; a malformed one is skipped, never half-written.
 */
export const DIRECTORY_MAPS = {
  organization: 'organization',
  locations: 'locations',
  users: 'users',
  settings: 'settings',
} as const;

export const locationRecord = z.object({
  name: z.string().max(120),
  address: z.string().max(300),
  timeZone: z.string().max(64),
  temperatureUnit: z.enum(['C', 'F']),
  createdAtMs: z.number().int(),
});
export type LocationRecord = z.infer<typeof locationRecord>;

export const userRecord = z.object({
  username: z.string().max(64),
  displayName: z.string().max(120),
  role: z.enum(ROLES),
  locationIds: z.array(z.string().max(64)).max(500),
  active: z.boolean(),
  temperatureUnit: z.enum(['C', 'F']),
  /**
   * Added later: a record written before has neither and reads as the defaults. A value this
   * version does not know (from a newer one) also reads as the default, rather than losing the user.
   */
  clock: z.enum(CLOCKS).default(DEFAULT_CLOCK).catch(DEFAULT_CLOCK),
  dateStyle: z.enum(DATE_STYLES).default(DEFAULT_DATE_STYLE).catch(DEFAULT_DATE_STYLE),
  createdAtMs: z.number().int(),
});
export type UserRecord = z.infer<typeof userRecord>;

/**
 * A user's sign-in secrets. They are not in the directory (every device of the organization reads
 * it) but in the user's own `<tenant>/credentials/<userId>` document, which the hub hands only to
 * the PCs of locations the user is granted: offline sign-in works there and nowhere else. One field
 * per key of the document's `secrets` map, last writer wins per field.
 */
export const userCredentialsRecord = z.object({
  passwordHash: z.string().max(512),
  pinHash: z.string().max(512).nullable(),
  /** Sealed with the user's password (p1$…, desktop auth/totp-password-seal.ts); older values with a PC's key (v1:…). */
  totpSecret: z.string().max(192).nullable(),
  /** SHA-256 hashes of the unused one-time backup codes. */
  totpBackupCodeHashes: z.array(z.string().max(128)).max(20),
});
export type UserCredentialsRecord = z.infer<typeof userCredentialsRecord>;

/** The top-level map of a credentials document. */
export const CREDENTIALS_MAP = 'secrets';

/** The fields that must never be in the directory document (older versions kept them there). */
export const SECRET_USER_FIELDS = Object.keys(userCredentialsRecord.shape) as (keyof UserCredentialsRecord)[];

/** A user as the writers see it: the directory record and the credentials together. */
export type UserWithCredentials = UserRecord & UserCredentialsRecord;
/** What a new user record must hold: the later fields may be left to their defaults. */
export type NewUserRecord = z.input<typeof userRecord> & UserCredentialsRecord;

export const organizationSettings = z.object({
  idleLockMinutes: z.number().int().min(1).max(240).default(10),
  requireTotpForAdmins: z.boolean().default(false),
  /** Months before HACCP and audit records are archived (never deleted): domain/report/retention.ts. */
  retentionMonths: retentionMonths.default(RETENTION_DEFAULT_MONTHS),
});
export type OrganizationSettings = z.infer<typeof organizationSettings>;
