import { v7 as uuidv7 } from 'uuid';
import * as Y from 'yjs';
import { OpsFlowError } from '../../../domain/errors';
import { opsDocName } from '../../../domain/sync/doc-names';
import { TASKS_MAP, taskRecord, type TaskOrigin, type TaskPriority, type TaskRecord, type TaskType } from '../../../domain/tasks/records';
import { nextOccurrence, type Recurrence } from '../../../domain/tasks/recurrence';
import type { Role } from '../../../domain/auth/roles';
import { sha256Hex } from '../audit/sha256';
import type { Store } from '../store';

/** What another feature (a corrective action, a low-stock alert) gives to put a task on a location's list. */
export interface NewTask {
  locationId: string;
  title: string;
  type: TaskType;
  notes?: string;
  priority?: TaskPriority;
  /** A user by id, or everyone of a role at the location; unassigned when left out. */
  assignee?: { userId: string } | { role: Role } | null;
  dueAtMs?: number | null;
  recurrence?: Recurrence | null;
  /** Who the task comes from, as the list shows it ("Alice Admin", "Low stock alert"). */
  createdBy: { id: string | null; name: string };
  followsTaskId?: string | null;
  /** The record it follows up (checked by task-origins.ts); none for a task of its own. */
  origin?: TaskOrigin | null;
}

export function taskNotFound(): OpsFlowError {
  return new OpsFlowError('NOT_FOUND', 'That task does not exist or is not at your locations.');
}

function requireIdentity(store: Store) {
  const identity = store.identity();
  if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before adding tasks.');
  return identity;
}

/**
 * Puts a task on a location's list (its ops document; the projection writes the row) and returns its
 * id. The one way in for every feature. It checks the record's shape, not who may: a handler that
 * calls it on someone's behalf checks their rights and writes the audit entry around it.
 */
export function createTask(store: Store, task: NewTask, id: string = uuidv7()): string {
  const identity = requireIdentity(store);
  const assignee = task.assignee ?? null;
  const record: TaskRecord = {
    title: task.title.trim(),
    notes: (task.notes ?? '').trim(),
    type: task.type,
    priority: task.priority ?? 'medium',
    assigneeUserId: assignee && 'userId' in assignee ? assignee.userId : null,
    assigneeRole: assignee && 'role' in assignee ? assignee.role : null,
    dueAtMs: task.dueAtMs ?? null,
    status: 'todo',
    recurrence: task.recurrence ?? null,
    followsTaskId: task.followsTaskId ?? null,
    createdAtMs: store.now(),
    createdById: task.createdBy.id,
    createdByName: task.createdBy.name,
    completedAtMs: null,
    completedByName: null,
    deleted: false,
    origin: task.origin ?? null,
  };
  const parsed = taskRecord.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new OpsFlowError('BAD_INPUT', `The task cannot be saved: ${issue?.path.join('.') || 'record'}: ${issue?.message ?? 'malformed'}.`);
  }
  if (record.recurrence && record.dueAtMs === null) throw new OpsFlowError('BAD_INPUT', 'A recurring task needs its first due time.');
  if (!store.q.first(store.db.selectFrom('locations').select('id').where('id', '=', task.locationId))) {
    throw new OpsFlowError('NOT_FOUND', 'That location does not exist.');
  }
  store.docs.change(opsDocName(identity.tenantId, task.locationId), (doc) => {
    doc.getMap(TASKS_MAP).set(id, new Y.Map(Object.entries(parsed.data)));
  });
  return id;
}

/** A task as its location's ops document has it (deleted ones too); null when there is none. */
export function taskRecordIn(store: Store, locationId: string, taskId: string): TaskRecord | null {
  const identity = requireIdentity(store);
  const record = store.docs.get(opsDocName(identity.tenantId, locationId)).getMap(TASKS_MAP).get(taskId);
  if (!(record instanceof Y.Map)) return null;
  const parsed = taskRecord.safeParse(record.toJSON());
  return parsed.success ? parsed.data : null;
}

/** Sets some fields of a task; each field is its own last-writer-wins value, so two PCs editing different fields both keep theirs. */
export function updateTaskFields(store: Store, locationId: string, taskId: string, fields: Partial<TaskRecord>): void {
  const identity = requireIdentity(store);
  store.docs.change(opsDocName(identity.tenantId, locationId), (doc) => {
    const record = doc.getMap(TASKS_MAP).get(taskId);
    if (!(record instanceof Y.Map)) throw taskNotFound();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) record.set(k, v);
  });
}

/**
 * The next occurrence of a recurring task just done. Its id follows from the task's, so two PCs
 * that both mark the same occurrence done offline create the same next one, and it merges.
 */
export function createNextOccurrence(store: Store, task: { id: string; locationId: string; record: TaskRecord }, timeZone: string): string | null {
  const { record } = task;
  if (!record.recurrence || record.dueAtMs === null) return null;
  const dueAtMs = nextOccurrence(record.recurrence, record.dueAtMs, timeZone, store.now());
  const id = `t-${sha256Hex(`${task.id}\u0000next`).slice(0, 32)}`;
  // Already made (by another PC, or done, undone and done again): kept as it is, even deleted.
  if (taskRecordIn(store, task.locationId, id)) return id;
  return createTask(
    store,
    {
      locationId: task.locationId,
      title: record.title,
      notes: record.notes,
      type: record.type,
      priority: record.priority,
      assignee: record.assigneeUserId ? { userId: record.assigneeUserId } : record.assigneeRole ? { role: record.assigneeRole } : null,
      dueAtMs,
      recurrence: record.recurrence,
      createdBy: { id: record.createdById, name: record.createdByName },
      followsTaskId: task.id,
    },
    id,
  );
}
