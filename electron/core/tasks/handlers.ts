import { ROLE_PERMISSIONS } from '../../../domain/auth/permissions';
import type { Role } from '../../../domain/auth/roles';
import { OpsFlowError } from '../../../domain/errors';
import { TASK_STATUS_LABELS, type TaskRecord, type TaskStatus } from '../../../domain/tasks/records';
import { canAssignTo, canEdit, canWorkOn } from '../../../domain/tasks/task-rights';
import { assigneeWords, checkAssignee, dueWordsAt, recurrenceText, taskAddedSummary, zoneOf } from './task-words';
import { visibleLocationIds } from '../auth/session-info';
import type { HandlerMap } from '../handler';
import { resolveTaskOrigin } from './task-origins';
import { createNextOccurrence, createTask, taskNotFound, taskRecordIn, updateTaskFields } from './task-writes';
import { taskRows, taskView, taskWorker, userNames, visibleLocation, visibleTask, type TaskRow } from './task-views';

const rowAssignee = (row: TaskRow) => ({ userId: row.assignee_user_id, role: row.assignee_role });

export const taskHandlers: HandlerMap<'tasks.list' | 'tasks.assignees' | 'tasks.create' | 'tasks.update' | 'tasks.setStatus' | 'tasks.delete'> = {
  'tasks.list'(input, call) {
    const worker = taskWorker(call);
    const locationIds = input.locationId ? [visibleLocation(call, input.locationId, worker.locationIds)] : worker.locationIds;
    const rows = taskRows(call.ctx, { locationIds, mine: input.mine ? { userId: worker.userId, role: worker.role } : undefined, doneSinceMs: input.doneSinceMs });
    const nameOf = userNames(call.ctx);
    return rows.map((row) => taskView(call.ctx, row, worker, nameOf));
  },

  'tasks.assignees'({ locationId }, call) {
    const worker = taskWorker(call);
    visibleLocation(call, locationId, worker.locationIds);
    return call.ctx.directory
      .users(false)
      .filter((u) => ROLE_PERMISSIONS[u.role as Role].has('tasks.complete') && visibleLocationIds(call.ctx, u).includes(locationId))
      .map((u) => ({ userId: u.id, name: u.display_name, role: u.role as Role }))
      .sort((a, b) => a.name.localeCompare(b.name));
  },

  'tasks.create'(input, call) {
    const { ctx } = call;
    const worker = taskWorker(call);
    const locationId = visibleLocation(call, input.locationId, worker.locationIds);
    if (!canAssignTo(worker, input.assignee)) {
      call.refuse(
        new OpsFlowError('FORBIDDEN', 'You can add tasks for yourself; ask a manager to give a task to someone else.'),
        `a task for ${assigneeWords(ctx, input.assignee && { ...input.assignee })} needs tasks.manage`,
        { entityType: 'location', entityId: locationId, locationId },
      );
    }
    checkAssignee(ctx, locationId, input.assignee);
    const origin = input.origin && resolveTaskOrigin(ctx, locationId, input.origin);
    const id = call.commit(
      {
        action: 'tasks.create',
        summary: taskAddedSummary(ctx, input) + (origin ? `, following up ${origin.label}` : ''),
        risk: 'LOW',
        entityType: 'task',
        locationId,
      },
      () => createTask(ctx, { ...input, origin, createdBy: call.actor() }),
    );
    return taskView(ctx, visibleTask(call, id, worker.locationIds), worker);
  },

  'tasks.update'(input, call) {
    const { ctx } = call;
    const worker = taskWorker(call);
    const row = visibleTask(call, input.taskId, worker.locationIds);
    const ownership = { assigneeUserId: row.assignee_user_id, assigneeRole: row.assignee_role, createdById: row.created_by_id };
    if (!canEdit(worker, ownership)) {
      call.refuse(new OpsFlowError('FORBIDDEN', 'Only a manager can change this task: you can change the tasks you added for yourself.'), `task "${row.title}" is not one the caller added for themselves`, {
        entityType: 'task',
        entityId: row.id,
        locationId: row.location_id,
      });
    }
    if (input.assignee !== undefined && !canAssignTo(worker, input.assignee)) {
      call.refuse(new OpsFlowError('FORBIDDEN', 'Only a manager can give a task to someone else.'), `giving task "${row.title}" to someone else needs tasks.manage`, {
        entityType: 'task',
        entityId: row.id,
        locationId: row.location_id,
      });
    }
    if (input.assignee !== undefined) checkAssignee(ctx, row.location_id, input.assignee);
    const current = taskRecordIn(ctx, row.location_id, row.id);
    if (!current) throw taskNotFound();
    const dueAtMs = input.dueAtMs !== undefined ? input.dueAtMs : current.dueAtMs;
    const recurrence = input.recurrence !== undefined ? input.recurrence : current.recurrence;
    if (recurrence && dueAtMs === null) throw new OpsFlowError('BAD_INPUT', 'A recurring task needs its first due time.');

    const fields: Partial<TaskRecord> = {};
    const changes: string[] = [];
    const set = <K extends keyof TaskRecord>(key: K, value: TaskRecord[K] | undefined, words: (from: TaskRecord[K], to: TaskRecord[K]) => string) => {
      if (value === undefined || JSON.stringify(value) === JSON.stringify(current[key])) return;
      fields[key] = value;
      changes.push(words(current[key], value));
    };
    set('title', input.title, (a, b) => `title "${a}" → "${b}"`);
    set('notes', input.notes, () => 'notes');
    set('type', input.type, (a, b) => `${a} → ${b}`);
    set('priority', input.priority, (a, b) => `priority ${a} → ${b}`);
    if (input.assignee !== undefined) {
      const userId = input.assignee && 'userId' in input.assignee ? input.assignee.userId : null;
      const role = input.assignee && 'role' in input.assignee ? input.assignee.role : null;
      if (userId !== current.assigneeUserId || role !== current.assigneeRole) {
        fields.assigneeUserId = userId;
        fields.assigneeRole = role;
        changes.push(`given to ${assigneeWords(ctx, { userId, role })} (was ${assigneeWords(ctx, rowAssignee(row))})`);
      }
    }
    set('dueAtMs', input.dueAtMs, (a, b) => `${dueWordsAt(ctx, row.location_id, a)} → ${dueWordsAt(ctx, row.location_id, b)}`);
    set('recurrence', input.recurrence, (a, b) => `repeats ${recurrenceText(a)} → ${recurrenceText(b)}`);
    if (changes.length > 0) {
      call.commit(
        { action: 'tasks.update', summary: `Changed task "${row.title}": ${changes.join(', ')}`, risk: 'LOW', entityType: 'task', entityId: row.id, locationId: row.location_id },
        () => updateTaskFields(ctx, row.location_id, row.id, fields),
      );
    }
    return taskView(ctx, visibleTask(call, row.id, worker.locationIds), worker);
  },

  'tasks.setStatus'({ taskId, status }, call) {
    const { ctx } = call;
    const worker = taskWorker(call);
    const row = visibleTask(call, taskId, worker.locationIds);
    if (!canWorkOn(worker, { assigneeUserId: row.assignee_user_id, assigneeRole: row.assignee_role, createdById: row.created_by_id })) {
      call.refuse(new OpsFlowError('FORBIDDEN', 'This task is given to someone else. Ask a manager to give it to you.'), `task "${row.title}" is given to ${assigneeWords(ctx, rowAssignee(row))}`, {
        entityType: 'task',
        entityId: row.id,
        locationId: row.location_id,
      });
    }
    if (row.status === status) return { task: taskView(ctx, row, worker), next: null };
    const current = taskRecordIn(ctx, row.location_id, row.id);
    if (!current) throw taskNotFound();
    const done = status === 'done';
    const actor = call.actor();
    const nextId = call.commit(
      {
        action: 'tasks.setStatus',
        summary: `Task "${row.title}": ${TASK_STATUS_LABELS[row.status as TaskStatus].toLowerCase()} → ${TASK_STATUS_LABELS[status].toLowerCase()}`,
        risk: 'LOW',
        entityType: 'task',
        entityId: row.id,
        locationId: row.location_id,
      },
      () => {
        updateTaskFields(ctx, row.location_id, row.id, { status, completedAtMs: done ? ctx.now() : null, completedByName: done ? actor.name : null });
        return done ? createNextOccurrence(ctx, { id: row.id, locationId: row.location_id, record: current }, zoneOf(ctx, row.location_id)) : null;
      },
    );
    const nextRow = nextId ? ctx.q.first(ctx.db.selectFrom('tasks').selectAll().where('id', '=', nextId)) : undefined;
    return { task: taskView(ctx, visibleTask(call, row.id, worker.locationIds), worker), next: nextRow ? taskView(ctx, nextRow, worker) : null };
  },

  'tasks.delete'({ taskId }, call) {
    const { ctx } = call;
    const worker = taskWorker(call);
    const row = visibleTask(call, taskId, worker.locationIds);
    call.commit(
      { action: 'tasks.delete', summary: `Deleted task "${row.title}" (${TASK_STATUS_LABELS[row.status as TaskStatus].toLowerCase()}, ${dueWordsAt(ctx, row.location_id, row.due_at_ms)})`, risk: 'MEDIUM', entityType: 'task', entityId: row.id, locationId: row.location_id },
      () => updateTaskFields(ctx, row.location_id, row.id, { deleted: true }),
    );
    return { deleted: true as const };
  },
};
