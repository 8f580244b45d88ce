import { ALERTS_MAP } from '../../../domain/alerts/records';
import { alertRows } from '../../../domain/alerts/rows';
import { isSkipped } from '../../../domain/sync/rows';
import type { Store } from '../store';
import type { MapProjection } from '../sync/projection-registry';

/** The alerts map of a location's ops document into `alerts` (closed ones included: they keep their history). */
export function alertsProjection({ q, db, log }: Store): MapProjection {
  return {
    docKind: 'ops',
    map: ALERTS_MAP,
    changes: 'alerts',
    apply({ docName, key, value }) {
      const rows = alertRows(docName, key, value);
      if (isSkipped(rows)) {
        log.warn({ alertId: key, reason: rows.skipped }, 'skipped a malformed alert record');
        return;
      }
      const { id: _id, ...row } = rows.alert;
      q.run(db.insertInto('alerts').values(rows.alert).onConflict((oc) => oc.column('id').doUpdateSet(row)));
    },
  };
}
