// Tenants, their locations, one-time enrollment codes and the device tokens they turn into.
// Codes and tokens are stored only as SHA-256 hashes: both are random enough that a slow hash
// adds nothing, and a stolen database gives no working token.
import { randomBytes, randomInt } from 'node:crypto';
import { hashSecret } from './secret-hash';
import { v7 as uuidv7 } from 'uuid';
import { HubError } from '../hub-error';
import type { HubDatabase } from './database';
import { toMs } from './schema';
import { withTenant } from './tenant-scope';
import { readColumns, readLocationsOf, type ReadLocations } from './device-grant';
import { DEVICE_TOKEN_TTL_MS, newDeviceToken } from './device-tokens';

export const ENROLLMENT_CODE_TTL_MS = 7 * 24 * 3600_000;

/** Crockford's base32 without I, L, O, U: nothing a person can misread when typing the code. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export { hashSecret } from './secret-hash';

function newEnrollmentCode(): string {
  const chars = Array.from({ length: 12 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]);
  return [chars.slice(0, 4), chars.slice(4, 8), chars.slice(8)].map((group) => group.join('')).join('-');
}

function normalizeCode(code: string): string {
  const bare = code.toUpperCase().replace(/[\s-]/g, '');
  return bare.length === 12 ? `${bare.slice(0, 4)}-${bare.slice(4, 8)}-${bare.slice(8)}` : bare;
}

export interface NewTenant {
  tenantId: string;
  locationId: string;
  enrollmentCode: string;
}

/**
 * `tenantId`/`locationId`: the ids a standalone restaurant's PC already has from its first-run
 * setup, so that its documents (named by them) become the tenant's as they are when it enrolls.
 */
export async function createTenant(
  db: HubDatabase,
  input: { name: string; locationName: string; nowMs: number; tenantId?: string; locationId?: string },
): Promise<NewTenant> {
  const tenantId = input.tenantId ?? uuidv7();
  const taken = await db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
  if (taken) throw new HubError(409, 'An organization with that id is already on this hub.');
  await db.insertInto('tenants').values({ id: tenantId, name: input.name, created_at: input.nowMs }).execute();
  const locationId = await createLocation(db, tenantId, { name: input.locationName, nowMs: input.nowMs, locationId: input.locationId });
  // The founding PC: a standalone restaurant's directory is uploaded with it and becomes the tenant's.
  const enrollmentCode = await createEnrollmentCode(db, tenantId, { locationId, canWrite: true, canWriteDirectory: true, nowMs: input.nowMs });
  return { tenantId, locationId, enrollmentCode };
}

export async function createLocation(db: HubDatabase, tenantId: string, input: { name: string; nowMs: number; locationId?: string }): Promise<string> {
  const locationId = input.locationId ?? uuidv7();
  await withTenant(db, tenantId, (trx) =>
    trx.insertInto('locations').values({ tenant_id: tenantId, id: locationId, name: input.name, created_at: input.nowMs }).execute(),
  );
  return locationId;
}

export async function listLocations(db: HubDatabase, tenantId: string) {
  const rows = await withTenant(db, tenantId, (trx) => trx.selectFrom('locations').select(['id', 'name']).orderBy('created_at').execute());
  return rows;
}

export type { DeviceGrant, ReadLocations } from './device-grant';

export async function createEnrollmentCode(
  db: HubDatabase,
  tenantId: string,
  input: { locationId: string; canWrite: boolean; canWriteDirectory?: boolean; nowMs: number; ttlMs?: number; readLocations?: ReadLocations },
): Promise<string> {
  const code = newEnrollmentCode();
  await withTenant(db, tenantId, async (trx) => {
    const location = await trx.selectFrom('locations').select('id').where('id', '=', input.locationId).executeTakeFirst();
    if (!location) throw new HubError(404, 'That location does not exist in this organization.');
    if (input.readLocations !== undefined && input.readLocations !== 'all' && input.readLocations.length > 0) {
      const known = new Set((await trx.selectFrom('locations').select('id').where('id', 'in', [...input.readLocations]).execute()).map((l) => l.id));
      const unknown = input.readLocations.find((id) => !known.has(id));
      if (unknown !== undefined) throw new HubError(404, `Location ${unknown} (to be read) does not exist in this organization.`);
    }
    await trx
      .insertInto('enrollment_codes')
      .values({
        code_hash: hashSecret(code),
        tenant_id: tenantId,
        location_id: input.locationId,
        can_write: input.canWrite,
        can_write_directory: input.canWriteDirectory ?? false,
        created_at: input.nowMs,
        expires_at: input.nowMs + (input.ttlMs ?? ENROLLMENT_CODE_TTL_MS),
        used_at: null,
        ...readColumns(input.readLocations),
      })
      .execute();
  });
  return code;
}

export interface Enrollment {
  token: string;
  tenantId: string;
  locationId: string;
  deviceId: string;
  expiresAtMs: number;
  readLocations: ReadLocations;
  canWriteDirectory: boolean;
}

/** Turns a one-time code into a device token. The code is spent in the same transaction. */
export async function enrollDevice(db: HubDatabase, input: { code: string; deviceName: string; nowMs: number }): Promise<Enrollment> {
  const codeHash = hashSecret(normalizeCode(input.code));
  // Looked up before the tenant is known, so outside any tenant scope.
  const found = await db.selectFrom('enrollment_codes').select(['tenant_id', 'expires_at', 'used_at']).where('code_hash', '=', codeHash).executeTakeFirst();
  if (!found) throw new HubError(401, 'This enrollment code is not valid. Check it, or ask your administrator for a new one.');
  if (found.used_at !== null) throw new HubError(401, 'This enrollment code has already been used. Ask your administrator for a new one.');
  if (toMs(found.expires_at) <= input.nowMs) throw new HubError(410, 'This enrollment code has expired. Ask your administrator for a new one.');
  const token = newDeviceToken();
  const expiresAtMs = input.nowMs + DEVICE_TOKEN_TTL_MS;
  const deviceId = uuidv7();
  return withTenant(db, found.tenant_id, async (trx) => {
    const spent = await trx
      .updateTable('enrollment_codes')
      .set({ used_at: input.nowMs })
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .returning(['location_id', 'can_write', 'can_write_directory', 'reads_all_locations', 'read_location_ids'])
      .executeTakeFirst();
    if (!spent) throw new HubError(401, 'This enrollment code has already been used. Ask your administrator for a new one.');
    await trx
      .insertInto('devices')
      .values({
        id: deviceId,
        tenant_id: found.tenant_id,
        location_id: spent.location_id,
        name: input.deviceName,
        token_hash: hashSecret(token),
        can_write: spent.can_write,
        can_write_directory: spent.can_write_directory,
        created_at: input.nowMs,
        revoked_at: null,
        token_expires_at: expiresAtMs,
        reads_all_locations: spent.reads_all_locations,
        read_location_ids: spent.read_location_ids,
      })
      .execute();
    return { token, tenantId: found.tenant_id, locationId: spent.location_id, deviceId, expiresAtMs, readLocations: readLocationsOf(spent), canWriteDirectory: spent.can_write_directory };
  });
}

export async function listDevices(db: HubDatabase, tenantId: string) {
  const rows = await withTenant(db, tenantId, (trx) =>
    trx
      .selectFrom('devices')
      .select(['id', 'name', 'location_id', 'can_write', 'can_write_directory', 'created_at', 'revoked_at', 'reads_all_locations', 'read_location_ids'])
      .orderBy('created_at')
      .execute(),
  );
  return rows.map((row) => ({
    deviceId: row.id,
    name: row.name,
    locationId: row.location_id,
    canWrite: row.can_write,
    canWriteDirectory: row.can_write_directory,
    readsAllLocations: row.reads_all_locations,
    readLocationIds: row.reads_all_locations ? [] : (JSON.parse(row.read_location_ids) as string[]),
    enrolledAtMs: toMs(row.created_at),
    revokedAtMs: row.revoked_at === null ? null : toMs(row.revoked_at),
  }));
}

export async function revokeDevice(db: HubDatabase, tenantId: string, deviceId: string, nowMs: number): Promise<void> {
  const result = await withTenant(db, tenantId, (trx) =>
    trx.updateTable('devices').set({ revoked_at: nowMs }).where('id', '=', deviceId).where('revoked_at', 'is', null).executeTakeFirst(),
  );
  if (result.numUpdatedRows === 0n) throw new HubError(404, 'No such device, or it was already revoked.');
}

/** A bearer token for a tenant administrator of the admin API. */
export async function createAdminToken(db: HubDatabase, tenantId: string, input: { name: string; nowMs: number }): Promise<string> {
  const tenant = await db.selectFrom('tenants').select('id').where('id', '=', tenantId).executeTakeFirst();
  if (!tenant) throw new HubError(404, 'There is no organization with that id on this hub.');
  const token = randomBytes(32).toString('base64url');
  await withTenant(db, tenantId, (trx) =>
    trx.insertInto('admin_tokens').values({ token_hash: hashSecret(token), tenant_id: tenantId, name: input.name, created_at: input.nowMs, revoked_at: null }).execute(),
  );
  return token;
}

/** The tenant an admin token administers, or null for an unknown or revoked token. */
export async function tenantOfAdminToken(db: HubDatabase, token: string): Promise<string | null> {
  const row = await db.selectFrom('admin_tokens').select('tenant_id').where('token_hash', '=', hashSecret(token)).where('revoked_at', 'is', null).executeTakeFirst();
  return row?.tenant_id ?? null;
}

export async function listAlerts(db: HubDatabase, tenantId: string) {
  const rows = await withTenant(db, tenantId, (trx) =>
    trx.selectFrom('alerts').select(['id', 'severity', 'kind', 'message', 'created_at']).orderBy('created_at', 'desc').limit(500).execute(),
  );
  return rows.map((row) => ({ id: row.id, severity: row.severity, kind: row.kind, message: row.message, createdAtMs: toMs(row.created_at) }));
}
