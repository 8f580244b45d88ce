import { TASKS_MAP } from '../../../domain/tasks/records';
import { taskRows } from '../../../domain/tasks/rows';
import { isSkipped } from '../../../domain/sync/rows';
import type { Store } from '../store';
import type { MapProjection } from '../sync/projection-registry';

/** The tasks map of a location's ops document into the tasks table: rows from the domain's mapping. */
export function tasksProjection({ q, db, log }: Store): MapProjection {
  return {
    docKind: 'ops',
    map: TASKS_MAP,
    changes: 'tasks',
    apply({ docName, key, value }) {
      const rows = taskRows(docName, key, value);
      if (isSkipped(rows)) {
        log.warn({ taskId: key, reason: rows.skipped }, 'skipped a malformed task record');
        return;
      }
      if ('deleted' in rows) {
        q.run(db.deleteFrom('tasks').where('id', '=', rows.deleted));
        return;
      }
      const { id: _id, ...row } = rows.task;
      q.run(db.insertInto('tasks').values(rows.task).onConflict((oc) => oc.column('id').doUpdateSet(row)));
    },
  };
}
