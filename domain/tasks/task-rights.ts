import type { Permission } from '../auth/permissions';
import type { Role } from '../auth/roles';

/**
 * Who may do what with a task at a location they are granted (the engine checks the location
 * first). What a restaurant expects: staff work on the tasks given to them or to their role and may
 * add (and fix) tasks for themselves; managers and up plan, assign, edit and delete any task of
 * their locations; an auditor reads.
 */
export interface TaskWorker {
  userId: string;
  /** The user's own role: a task given to "Staff" is theirs when they are staff. */
  role: Role;
  /** The session's rights (a PIN session of an administrator has a staff member's). */
  permissions: ReadonlySet<Permission>;
}

export interface TaskOwnership {
  assigneeUserId: string | null;
  assigneeRole: string | null;
  createdById: string | null;
}

export function managesTasks(worker: TaskWorker): boolean {
  return worker.permissions.has('tasks.manage');
}

export function isAssignedTo(worker: TaskWorker, task: TaskOwnership): boolean {
  return task.assigneeUserId === worker.userId || (task.assigneeUserId === null && task.assigneeRole === worker.role);
}

/** Start, finish or reopen it. */
export function canWorkOn(worker: TaskWorker, task: TaskOwnership): boolean {
  if (managesTasks(worker)) return true;
  return worker.permissions.has('tasks.complete') && isAssignedTo(worker, task);
}

/** Change its title, notes, kind, priority, due time or recurrence (and, for managers, its assignee). */
export function canEdit(worker: TaskWorker, task: TaskOwnership): boolean {
  if (managesTasks(worker)) return true;
  return worker.permissions.has('tasks.complete') && task.createdById === worker.userId && task.assigneeUserId === worker.userId;
}

/** Only someone who manages tasks assigns them to others; everyone else adds tasks for themselves. */
export function canAssignTo(worker: TaskWorker, assignee: { userId: string } | { role: Role } | null): boolean {
  if (managesTasks(worker)) return true;
  return worker.permissions.has('tasks.complete') && assignee !== null && 'userId' in assignee && assignee.userId === worker.userId;
}
