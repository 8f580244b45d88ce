import { DIRECTORY_MAPS, locationRecord, userRecord } from '../../../domain/directory/records';
import type { Store } from '../store';
import type { MapProjection } from '../sync/projection-registry';

/** Projections of the `<tenant>/directory` document into the users, locations and settings tables. */
export function directoryProjections({ q, db, log }: Store): MapProjection[] {
  return [
    {
      docKind: 'directory',
      map: DIRECTORY_MAPS.locations,
      apply({ key, value }) {
        const parsed = locationRecord.safeParse(value);
        if (!parsed.success) {
          log.warn({ locationId: key }, 'skipped a malformed location record');
          return;
        }
        const r = parsed.data;
        const row = { name: r.name, address: r.address, time_zone: r.timeZone, temperature_unit: r.temperatureUnit, created_at_ms: r.createdAtMs };
        q.run(db.insertInto('locations').values({ id: key, ...row }).onConflict((oc) => oc.column('id').doUpdateSet(row)));
      },
    },
    {
      docKind: 'directory',
      map: DIRECTORY_MAPS.users,
      apply({ key, value }) {
        const parsed = userRecord.safeParse(value);
        if (!parsed.success) {
          log.warn({ userId: key }, 'skipped a malformed user record');
          return;
        }
        const r = parsed.data;
        const row = {
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
        };
        q.run(db.insertInto('users').values({ id: key, ...row }).onConflict((oc) => oc.column('id').doUpdateSet(row)));
        q.run(db.deleteFrom('user_locations').where('user_id', '=', key));
        for (const locationId of new Set(r.locationIds)) {
          q.run(db.insertInto('user_locations').values({ user_id: key, location_id: locationId }));
        }
      },
    },
    {
      docKind: 'directory',
      map: DIRECTORY_MAPS.settings,
      apply({ key, value }) {
        if (value === undefined) {
          q.run(db.deleteFrom('organization_settings').where('key', '=', key));
          return;
        }
        const json = JSON.stringify(value);
        q.run(db.insertInto('organization_settings').values({ key, value: json }).onConflict((oc) => oc.column('key').doUpdateSet({ value: json })));
      },
    },
    {
      docKind: 'directory',
      map: DIRECTORY_MAPS.organization,
      apply({ key, value }) {
        if (typeof value !== 'string') return;
        const k = `organization.${key}`;
        q.run(db.insertInto('meta').values({ key: k, value }).onConflict((oc) => oc.column('key').doUpdateSet({ value })));
      },
    },
  ];
}
