// Device tokens age out: each is good for DEVICE_TOKEN_TTL_MS, and a device trades its token for a
// fresh one before then (POST /api/v1/device/token). The replaced token keeps working for a short
// grace, so a refresh whose answer was lost on the network does not lock the PC out; a leaked
// token stops working at the latest a lifetime after it was issued.
import { randomBytes } from 'node:crypto';
import { HubError } from '../hub-error';
import type { HubDatabase } from './database';
import { toMs } from './schema';
import { readLocationsOf, type DeviceGrant } from './device-grant';
import { hashSecret } from './secret-hash';

export type { DeviceGrant } from './device-grant';
import { withTenant } from './tenant-scope';

export const DEVICE_TOKEN_TTL_MS = 180 * 24 * 3600_000;
export const RETIRED_TOKEN_GRACE_MS = 24 * 3600_000;

export function newDeviceToken(): string {
  return randomBytes(32).toString('base64url');
}

/** When a device's current token stops working (a token from before expiry existed: a lifetime after enrolment). */
export function tokenExpiresAt(row: { created_at: number | string | bigint; token_expires_at: number | string | bigint | null }): number {
  return row.token_expires_at === null ? toMs(row.created_at) + DEVICE_TOKEN_TTL_MS : toMs(row.token_expires_at);
}

/**
 * The device a token belongs to, or null for an unknown, expired or revoked token, or a replaced
 * one past its grace. Looked up before the tenant is known, so outside any tenant scope.
 */
export async function findDeviceByToken(db: HubDatabase, token: string, nowMs: number): Promise<DeviceGrant | null> {
  const tokenHash = hashSecret(token);
  const current = await db
    .selectFrom('devices')
    .select(['id', 'tenant_id', 'location_id', 'can_write', 'can_write_directory', 'reads_all_locations', 'read_location_ids', 'created_at', 'token_expires_at'])
    .where('token_hash', '=', tokenHash)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  if (current) return tokenExpiresAt(current) > nowMs ? grantOf(current) : null;
  const retired = await db
    .selectFrom('retired_device_tokens')
    .innerJoin('devices', 'devices.id', 'retired_device_tokens.device_id')
    .select(['devices.id', 'devices.tenant_id', 'devices.location_id', 'devices.can_write', 'devices.can_write_directory', 'devices.reads_all_locations', 'devices.read_location_ids'])
    .where('retired_device_tokens.token_hash', '=', tokenHash)
    .where('retired_device_tokens.valid_until', '>', nowMs)
    .where('devices.revoked_at', 'is', null)
    .executeTakeFirst();
  return retired ? grantOf(retired) : null;
}

function grantOf(row: { id: string; tenant_id: string; location_id: string; can_write: boolean; can_write_directory: boolean; reads_all_locations: boolean; read_location_ids: string }): DeviceGrant {
  return { deviceId: row.id, tenantId: row.tenant_id, locationId: row.location_id, canWrite: row.can_write, canWriteDirectory: row.can_write_directory, readLocations: readLocationsOf(row) };
}

export interface RefreshedToken {
  token: string;
  expiresAtMs: number;
}

/** A new token for the device holding `token`; the one it replaces is accepted for the grace only. */
export async function refreshDeviceToken(db: HubDatabase, token: string, nowMs: number): Promise<RefreshedToken> {
  const grant = await findDeviceByToken(db, token, nowMs);
  if (!grant) throw new HubError(401, 'This device token is unknown, expired or revoked: enroll this device again.');
  const fresh = newDeviceToken();
  const expiresAtMs = nowMs + DEVICE_TOKEN_TTL_MS;
  await withTenant(db, grant.tenantId, async (trx) => {
    const device = await trx.selectFrom('devices').select('token_hash').where('id', '=', grant.deviceId).executeTakeFirstOrThrow();
    await trx
      .insertInto('retired_device_tokens')
      .values({ token_hash: device.token_hash, tenant_id: grant.tenantId, device_id: grant.deviceId, valid_until: nowMs + RETIRED_TOKEN_GRACE_MS })
      .onConflict((oc) => oc.column('token_hash').doNothing())
      .execute();
    await trx.updateTable('devices').set({ token_hash: hashSecret(fresh), token_expires_at: expiresAtMs }).where('id', '=', grant.deviceId).execute();
  });
  return { token: fresh, expiresAtMs };
}
