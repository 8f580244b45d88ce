import type { Kysely } from 'kysely';
import type { Database } from '../db/schema';
import type { SyncQuery } from '../db/sync-query';

/**
 * This station (the restaurant's office PC running OpsFlow): its organization, its restaurant and
 * its own id, set at first run. "Device" is kept for the USB hardware; the station's id is still
 * stored under `device_id` and audit entries still name it `deviceId` (both are shipped formats).
 */
export interface StationIdentity {
  stationId: string;
  tenantId: string;
  homeLocationId: string;
}

export function readIdentity(q: SyncQuery, db: Kysely<Database>): StationIdentity | null {
  const rows = q.all(db.selectFrom('meta').selectAll().where('key', 'in', ['tenant_id', 'device_id', 'home_location_id']));
  const m = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  if (!m.tenant_id || !m.device_id || !m.home_location_id) return null;
  return { tenantId: m.tenant_id, stationId: m.device_id, homeLocationId: m.home_location_id };
}

export function writeIdentity(q: SyncQuery, db: Kysely<Database>, identity: StationIdentity): void {
  const entries: [string, string][] = [
    ['tenant_id', identity.tenantId],
    ['device_id', identity.stationId],
    ['home_location_id', identity.homeLocationId],
  ];
  for (const [key, value] of entries) {
    q.run(db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
  }
}
