import { HACCP_OPS_MAPS } from '../../../domain/haccp/records';
import { unitRows } from '../../../domain/haccp/rows';
import { isSkipped } from '../../../domain/sync/rows';
import type { Store } from '../store';
import type { MapProjection } from '../sync/projection-registry';

/** The units map of a location's ops document into `haccp_units`. */
export function unitsProjection({ q, db, log }: Store): MapProjection {
  return {
    docKind: 'ops',
    map: HACCP_OPS_MAPS.units,
    changes: 'haccpUnits',
    apply({ docName, key, value }) {
      const rows = unitRows(docName, key, value);
      if (isSkipped(rows)) {
        log.warn({ unitId: key, reason: rows.skipped }, 'skipped a malformed HACCP unit record');
        return;
      }
      const { id: _id, ...row } = rows.unit;
      q.run(db.insertInto('haccp_units').values(rows.unit).onConflict((oc) => oc.column('id').doUpdateSet(row)));
    },
  };
}
