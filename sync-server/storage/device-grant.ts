// What a device token grants, shared by enrolment (tenants.ts) and the token lookup (device-tokens.ts).

export interface DeviceGrant {
  deviceId: string;
  tenantId: string;
  locationId: string;
  canWrite: boolean;
  /** The founding PC of the organization: it writes the whole directory, the others only within their location (see access.ts). */
  canWriteDirectory: boolean;
  /** Other locations it may read (never write); none when left out. */
  readLocations?: ReadLocations;
}

/**
 * What a device may read besides its own location (regional offices): every location of its
 * organization, present and future, or the listed ones. Never write: those stay with their own PCs.
 */
export type ReadLocations = 'all' | readonly string[];

export function readColumns(reads: ReadLocations | undefined) {
  return reads === 'all' ? { reads_all_locations: true, read_location_ids: '[]' } : { reads_all_locations: false, read_location_ids: JSON.stringify([...new Set(reads ?? [])]) };
}

export function readLocationsOf(row: { reads_all_locations: boolean; read_location_ids: string }): ReadLocations {
  return row.reads_all_locations ? 'all' : (JSON.parse(row.read_location_ids) as string[]);
}

