import type { Kysely } from 'kysely';
import { OPS_MAPS } from '../../../domain/sensors/records';
import { sensorRows } from '../../../domain/sensors/rows';
import { isSkipped } from '../../../domain/sync/rows';
import type { Database } from '../db/schema';
import type { SyncQuery } from '../db/sync-query';
import type { Logger } from '../logger';
import type { MapProjection } from '../sync/projection-registry';

/** The sensors map of a location's ops document into the sensors table: rows from the domain's mapping. */
export function sensorsProjection(q: SyncQuery, db: Kysely<Database>, log: Logger): MapProjection {
  return {
    docKind: 'ops',
    map: OPS_MAPS.sensors,
    changes: 'sensors',
    apply({ docName, key, value }) {
      const rows = sensorRows(docName, key, value);
      if (isSkipped(rows)) {
        log.warn({ sensorId: key, reason: rows.skipped }, 'skipped a malformed sensor record');
        return;
      }
      const { id: _id, ...row } = rows.sensor;
      q.run(db.insertInto('sensors').values(rows.sensor).onConflict((oc) => oc.column('id').doUpdateSet(row)));
    },
  };
}
