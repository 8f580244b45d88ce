import type { Kysely } from 'kysely';
import type { Database } from './db/schema';
import type { SyncQuery } from './db/sync-query';
import type { DeviceIdentity } from './audit/audit-writer';

/** Which organization and restaurant this PC belongs to, and its own device id (set at first run). */
export function readIdentity(q: SyncQuery, db: Kysely<Database>): DeviceIdentity | null {
  const rows = q.all(db.selectFrom('meta').selectAll().where('key', 'in', ['tenant_id', 'device_id', 'home_location_id']));
  const m = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  if (!m.tenant_id || !m.device_id || !m.home_location_id) return null;
  return { tenantId: m.tenant_id, deviceId: m.device_id, homeLocationId: m.home_location_id };
}

export function writeIdentity(q: SyncQuery, db: Kysely<Database>, identity: DeviceIdentity): void {
  const entries: [string, string][] = [
    ['tenant_id', identity.tenantId],
    ['device_id', identity.deviceId],
    ['home_location_id', identity.homeLocationId],
  ];
  for (const [key, value] of entries) {
    q.run(db.insertInto('meta').values({ key, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
  }
}
