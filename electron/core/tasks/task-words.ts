import { ROLE_PERMISSIONS } from '../../../domain/auth/permissions';
import { ROLE_LABELS, type Role } from '../../../domain/auth/roles';
import type { TaskAssigneeInput } from '../../../domain/contract/tasks';
import { OpsFlowError } from '../../../domain/errors';
import { formatDateTime } from '../../../domain/time/format-time';
import { recurrenceWords, type Recurrence } from '../../../domain/tasks/recurrence';
import { visibleLocationIds } from '../auth/session-info';
import type { EngineContext } from '../context';
import type { NewTask } from './task-writes';

/** Checks and words shared by the handlers and the command line. */

/** Assignable: an active user granted the location, or a role; either must be able to work on tasks. */
export function checkAssignee(ctx: EngineContext, locationId: string, assignee: TaskAssigneeInput): void {
  if (!assignee) return;
  if ('role' in assignee) {
    if (!ROLE_PERMISSIONS[assignee.role].has('tasks.complete')) {
      throw new OpsFlowError('BAD_INPUT', `A task cannot be given to ${ROLE_LABELS[assignee.role]}: that role does not work on tasks.`);
    }
    return;
  }
  const user = ctx.directory.user(assignee.userId);
  if (!user || user.active !== 1 || !visibleLocationIds(ctx, user).includes(locationId)) {
    throw new OpsFlowError('BAD_INPUT', 'A task can only be given to an active user who works at its location.');
  }
  if (!ROLE_PERMISSIONS[user.role as Role].has('tasks.complete')) {
    throw new OpsFlowError('BAD_INPUT', `A task cannot be given to ${user.display_name}: a ${ROLE_LABELS[user.role as Role]} does not work on tasks.`);
  }
}

export function assigneeWords(ctx: EngineContext, a: { userId?: string | null; role?: string | null } | null): string {
  if (a?.userId) return ctx.directory.user(a.userId)?.display_name ?? 'a former user';
  if (a?.role) return `every ${ROLE_LABELS[a.role as Role]}`;
  return 'nobody yet';
}

export function dueWordsAt(ctx: EngineContext, locationId: string, dueAtMs: number | null): string {
  if (dueAtMs === null) return 'no due time';
  return `due ${formatDateTime(dueAtMs, { timeZone: zoneOf(ctx, locationId), clock: '24h', dateStyle: 'iso' })}`;
}

export function zoneOf(ctx: EngineContext, locationId: string): string {
  return ctx.directory.location(locationId)?.time_zone ?? 'UTC';
}

export const recurrenceText = (r: Recurrence | null) => (r ? recurrenceWords(r) : 'once');

/** The audit summary of a new task: "Added cleaning task "Clean the fryer" (high) at Downtown for Sam, due …, once". */
export function taskAddedSummary(ctx: EngineContext, task: Required<Pick<NewTask, 'locationId' | 'title' | 'type' | 'priority' | 'dueAtMs' | 'recurrence'>> & { assignee: TaskAssigneeInput }): string {
  const location = ctx.directory.location(task.locationId)?.name ?? task.locationId;
  return `Added ${task.type} task "${task.title}" (${task.priority}) at ${location} for ${assigneeWords(ctx, task.assignee && { ...task.assignee })}, ${dueWordsAt(ctx, task.locationId, task.dueAtMs)}, ${recurrenceText(task.recurrence)}`;
}
