import { parseDocName } from '../sync/doc-names';
import { skippedFor, type Skipped } from '../sync/rows';
import { taskRecord } from './records';

/** A row of `tasks`, projected from a location's ops document (see ../sync/rows.ts). */
export interface TasksRow {
  id: string;
  location_id: string;
  title: string;
  notes: string;
  type: string;
  priority: string;
  assignee_user_id: string | null;
  assignee_role: string | null;
  due_at_ms: number | null;
  status: string;
  /** The recurrence rule as JSON, or null for a one-off task. */
  recurrence: string | null;
  follows_task_id: string | null;
  created_at_ms: number;
  created_by_id: string | null;
  created_by_name: string;
  completed_at_ms: number | null;
  completed_by_name: string | null;
  /** What the task follows up (domain/tasks/records.ts TaskOrigin); all three null for none. */
  origin_kind: string | null;
  origin_ref: string | null;
  origin_label: string | null;
}

/**
 * A task record (key: the task's id) in a location's ops document is one row of `tasks`; a deleted
 * one is no row (`{ deleted: id }`), so every list leaves it out without a filter.
 */
export function taskRows(docName: string, key: string, value: unknown): { task: TasksRow } | { deleted: string } | Skipped {
  const doc = parseDocName(docName);
  if (doc?.kind !== 'ops') return { skipped: `${docName} is not a location's ops document` };
  if (value === undefined) return { deleted: key };
  const parsed = taskRecord.safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  const r = parsed.data;
  if (r.deleted) return { deleted: key };
  return {
    task: {
      id: key,
      location_id: doc.locationId,
      title: r.title,
      notes: r.notes,
      type: r.type,
      priority: r.priority,
      assignee_user_id: r.assigneeUserId,
      assignee_role: r.assigneeRole,
      due_at_ms: r.dueAtMs,
      status: r.status,
      recurrence: r.recurrence ? JSON.stringify(r.recurrence) : null,
      follows_task_id: r.followsTaskId,
      created_at_ms: r.createdAtMs,
      created_by_id: r.createdById,
      created_by_name: r.createdByName,
      completed_at_ms: r.completedAtMs,
      completed_by_name: r.completedByName,
      origin_kind: r.origin?.kind ?? null,
      origin_ref: r.origin?.ref ?? null,
      origin_label: r.origin?.label ?? null,
    },
  };
}
