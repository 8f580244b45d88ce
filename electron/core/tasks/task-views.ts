import type { TaskView } from '../../../domain/contract/tasks';
import { OpsFlowError } from '../../../domain/errors';
import type { Role } from '../../../domain/auth/roles';
import { isOverdue } from '../../../domain/tasks/overdue';
import type { TaskOriginKind, TaskPriority, TaskStatus, TaskType } from '../../../domain/tasks/records';
import type { Recurrence } from '../../../domain/tasks/recurrence';
import { canEdit, canWorkOn, type TaskWorker } from '../../../domain/tasks/task-rights';
import { sessionUser, visibleLocationIds } from '../auth/session-info';
import type { CallContext, EngineContext } from '../context';
import type { Database } from '../db/schema';

export type TaskRow = Database['tasks'];

/** At most this many tasks in one list: more would not be read on a screen. */
export const TASK_LIST_LIMIT = 2000;

/** The caller as the task rules see them, and the locations they may see. */
export function taskWorker(call: CallContext): TaskWorker & { locationIds: string[]; name: string } {
  const user = sessionUser(call.ctx, call.session!);
  return {
    userId: user.id,
    role: user.role as Role,
    permissions: call.session!.permissions,
    locationIds: visibleLocationIds(call.ctx, user),
    name: user.display_name,
  };
}

/** A location the caller is granted; any other is refused as "not found", and audited. */
export function visibleLocation(call: CallContext, locationId: string, locationIds: string[]): string {
  if (locationIds.includes(locationId)) return locationId;
  call.refuse(new OpsFlowError('NOT_FOUND', 'That location does not exist or is not one of yours.'), `tasks of a location the caller is not granted`, {
    entityType: 'location',
    entityId: locationId,
    locationId,
  });
}

/** A task at one of the caller's locations; any other is "not found", so nothing is learned of other locations. */
export function visibleTask(call: CallContext, taskId: string, locationIds: string[]): TaskRow {
  const row = call.ctx.q.first(call.ctx.db.selectFrom('tasks').selectAll().where('id', '=', taskId));
  const notFound = new OpsFlowError('NOT_FOUND', 'That task does not exist or is not at your locations.', { taskId });
  if (!row) throw notFound;
  if (!locationIds.includes(row.location_id)) {
    call.refuse(notFound, `task "${row.title}" is at a location the caller is not granted`, { entityType: 'task', entityId: row.id, locationId: row.location_id });
  }
  return row;
}

export interface TaskQuery {
  locationIds: string[];
  /** Only those given to this user, or to this role. */
  mine?: { userId: string; role: string };
  doneSinceMs?: number;
}

/**
 * Open tasks, then those done since a time; each part read through its index (location, status,
 * due) or (assignee, status), never the whole pile of done tasks. Due soonest first, no due time last.
 */
export function taskRows(ctx: EngineContext, query: TaskQuery): TaskRow[] {
  if (query.locationIds.length === 0) return [];
  const { open, done } = taskListQueries(ctx, query);
  return done ? [...ctx.q.all(open), ...ctx.q.all(done)] : ctx.q.all(open);
}

/** The two SELECTs of a list, built but not run (a test reads their query plans). */
export function taskListQueries(ctx: EngineContext, query: TaskQuery) {
  const base = () => {
    let q = ctx.db.selectFrom('tasks').selectAll().where('location_id', 'in', query.locationIds);
    const mine = query.mine;
    if (mine) q = q.where((eb) => eb.or([eb('assignee_user_id', '=', mine.userId), eb.and([eb('assignee_user_id', 'is', null), eb('assignee_role', '=', mine.role)])]));
    return q;
  };
  const open = base()
    .where('status', 'in', ['todo', 'in_progress'])
    .orderBy((eb) => eb.case().when('due_at_ms', 'is', null).then(1).else(0).end())
    .orderBy('due_at_ms')
    .orderBy('created_at_ms')
    .orderBy('id')
    .limit(TASK_LIST_LIMIT);
  const done =
    query.doneSinceMs === undefined
      ? null
      : base().where('status', '=', 'done').where('completed_at_ms', '>=', query.doneSinceMs).orderBy('completed_at_ms', 'desc').orderBy('id').limit(TASK_LIST_LIMIT);
  return { open, done };
}

/** Display names by user id, looked up once per list rather than once per task. */
export function userNames(ctx: EngineContext): (userId: string) => string {
  const names = new Map<string, string>();
  return (userId) => {
    let name = names.get(userId);
    if (name === undefined) names.set(userId, (name = ctx.directory.user(userId)?.display_name ?? 'a former user'));
    return name;
  };
}

export function taskView(ctx: EngineContext, row: TaskRow, worker: TaskWorker, nameOf: (userId: string) => string = userNames(ctx)): TaskView {
  const ownership = { assigneeUserId: row.assignee_user_id, assigneeRole: row.assignee_role, createdById: row.created_by_id };
  const status = row.status as TaskStatus;
  return {
    id: row.id,
    locationId: row.location_id,
    title: row.title,
    notes: row.notes,
    type: row.type as TaskType,
    priority: row.priority as TaskPriority,
    assignee: row.assignee_user_id
      ? { kind: 'user', userId: row.assignee_user_id, name: nameOf(row.assignee_user_id) }
      : row.assignee_role
        ? { kind: 'role', role: row.assignee_role as Role }
        : null,
    dueAtMs: row.due_at_ms,
    status,
    recurrence: row.recurrence ? (JSON.parse(row.recurrence) as Recurrence) : null,
    overdue: isOverdue({ status, dueAtMs: row.due_at_ms }, ctx.now()),
    followsTaskId: row.follows_task_id,
    createdAtMs: row.created_at_ms,
    createdByName: row.created_by_name,
    completedAtMs: row.completed_at_ms,
    completedByName: row.completed_by_name,
    origin: row.origin_kind && row.origin_ref ? { kind: row.origin_kind as TaskOriginKind, ref: row.origin_ref, label: row.origin_label ?? '' } : null,
    canChangeStatus: canWorkOn(worker, ownership),
    canEdit: canEdit(worker, ownership),
  };
}
