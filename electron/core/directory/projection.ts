import { CREDENTIALS_MAP, DIRECTORY_MAPS } from '../../../domain/directory/records';
import { credentialFieldRow, locationRows, organizationMetaRows, organizationSettingRows, userRows } from '../../../domain/directory/rows';
import { parseDocName } from '../../../domain/sync/doc-names';
import { isSkipped } from '../../../domain/sync/rows';
import type { Store } from '../store';
import type { MapProjection } from '../sync/projection-registry';

/**
 * Projections of the `<tenant>/directory` document into the users, locations and settings tables:
 * the rows come from the domain's mappings, written here.
 */
export function directoryProjections({ q, db, log }: Store): MapProjection[] {
  return [
    {
      docKind: 'directory',
      map: DIRECTORY_MAPS.locations,
      changes: 'locations',
      apply({ key, value }) {
        const rows = locationRows(key, value);
        if (isSkipped(rows)) {
          log.warn({ locationId: key, reason: rows.skipped }, 'skipped a malformed location record');
          return;
        }
        const { id: _id, ...row } = rows.location;
        q.run(db.insertInto('locations').values(rows.location).onConflict((oc) => oc.column('id').doUpdateSet(row)));
      },
    },
    {
      docKind: 'directory',
      map: DIRECTORY_MAPS.users,
      changes: 'users',
      apply({ key, value }) {
        const rows = userRows(key, value);
        if (isSkipped(rows)) {
          log.warn({ userId: key, reason: rows.skipped }, 'skipped a malformed user record');
          return;
        }
        const { id: _id, ...row } = rows.user;
        q.run(db.insertInto('users').values(rows.user).onConflict((oc) => oc.column('id').doUpdateSet(row)));
        q.run(db.deleteFrom('user_locations').where('user_id', '=', key));
        for (const userLocation of rows.userLocations) q.run(db.insertInto('user_locations').values(userLocation));
      },
    },
    {
      docKind: 'credentials',
      map: CREDENTIALS_MAP,
      changes: 'users',
      apply({ docName, key, value }) {
        const doc = parseDocName(docName);
        if (doc?.kind !== 'credentials') return;
        const row = credentialFieldRow(doc.userId, key, value);
        if (isSkipped(row)) {
          log.warn({ userId: doc.userId, reason: row.skipped }, 'skipped a malformed credentials field');
          return;
        }
        q.run(db.insertInto('user_credentials').values({ user_id: row.userId, totp_backup_code_hashes: '[]', [row.column]: row.value }).onConflict((oc) => oc.column('user_id').doUpdateSet({ [row.column]: row.value })));
      },
    },
    {
      docKind: 'directory',
      map: DIRECTORY_MAPS.settings,
      changes: 'settings',
      apply({ key, value }) {
        const rows = organizationSettingRows(key, value);
        if ('removed' in rows) {
          q.run(db.deleteFrom('organization_settings').where('key', '=', rows.removed.key));
          return;
        }
        const { value: json } = rows.setting;
        q.run(db.insertInto('organization_settings').values(rows.setting).onConflict((oc) => oc.column('key').doUpdateSet({ value: json })));
      },
    },
    {
      docKind: 'directory',
      map: DIRECTORY_MAPS.organization,
      changes: 'organization',
      apply({ key, value }) {
        const rows = organizationMetaRows(key, value);
        if (isSkipped(rows)) {
          log.warn({ key, reason: rows.skipped }, 'skipped a malformed organization field');
          return;
        }
        const { value: text } = rows.meta;
        q.run(db.insertInto('meta').values(rows.meta).onConflict((oc) => oc.column('key').doUpdateSet({ value: text })));
      },
    },
  ];
}
