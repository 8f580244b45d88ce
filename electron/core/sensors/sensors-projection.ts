import { OPS_MAPS } from '../../../domain/sensors/records';
import { sensorRows } from '../../../domain/sensors/rows';
import { isSkipped } from '../../../domain/sync/rows';
import type { Store } from '../store';
import type { MapProjection } from '../sync/projection-registry';

/** The sensors map of a location's ops document into the sensors table: rows from the domain's mapping. */
export function sensorsProjection({ q, db, log }: Store): MapProjection {
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
