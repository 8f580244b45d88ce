import { z } from 'zod';
import { ROLES, type Role } from '../auth/roles';
import { TASK_NOTES_MAX, TASK_ORIGIN_KINDS, TASK_PRIORITIES, TASK_STATUSES, TASK_TITLE_MAX, TASK_TYPES, type TaskOrigin, type TaskPriority, type TaskStatus, type TaskType } from '../tasks/records';
import { recurrence, type Recurrence } from '../tasks/recurrence';
import { method } from './define';
import { epochMs, id, optionalTextFor, shortTextFor } from './limits';

/** Tasks of a location: prep, cleaning, inventory, maintenance; one-off or recurring. */

export const taskTitle = shortTextFor('The task', TASK_TITLE_MAX);
export const taskNotes = optionalTextFor('The notes', TASK_NOTES_MAX);
export const taskType = z.enum(TASK_TYPES, 'Choose the kind of task: prep, cleaning, inventory or maintenance.');
export const taskPriority = z.enum(TASK_PRIORITIES, 'Choose a priority: low, medium, high or urgent.');
export const taskStatus = z.enum(TASK_STATUSES, 'A task is to do, in progress or done.');
/** A user (by id), everyone of a role at the task's location, or nobody yet. */
export const taskAssignee = z
  .union([z.strictObject({ userId: id }), z.strictObject({ role: z.enum(ROLES, 'Choose a role.') })], 'Assign the task to a person or a role.')
  .nullable();
export type TaskAssigneeInput = z.infer<typeof taskAssignee>;

/**
 * The record a new task follows up: a corrective action (by its id) or an item below its reorder
 * point at the task's location (by the item's id). The engine checks it and writes its words.
 */
export const taskOriginInput = z.strictObject({
  kind: z.enum(TASK_ORIGIN_KINDS, 'A task follows up a corrective action or low stock.'),
  ref: id,
});
export type TaskOriginInput = z.infer<typeof taskOriginInput>;

export type TaskAssignee = { kind: 'user'; userId: string; name: string } | { kind: 'role'; role: Role } | null;

export interface TaskView {
  id: string;
  locationId: string;
  title: string;
  notes: string;
  type: TaskType;
  priority: TaskPriority;
  assignee: TaskAssignee;
  dueAtMs: number | null;
  status: TaskStatus;
  recurrence: Recurrence | null;
  /** Worked out by the engine's clock when the list was made; the screen works it out again as time passes. */
  overdue: boolean;
  followsTaskId: string | null;
  createdAtMs: number;
  createdByName: string;
  completedAtMs: number | null;
  completedByName: string | null;
  /** What it follows up, in the words written when it was made; null for a task of its own. */
  origin: TaskOrigin | null;
  /** What the caller may do with it, by the same rules the engine enforces. */
  canChangeStatus: boolean;
  canEdit: boolean;
}

/** Someone a task can be assigned to at a location. */
export interface TaskAssigneeOption {
  userId: string;
  name: string;
  role: Role;
}

const dueRequiredForRecurrence = (v: { dueAtMs?: number | null; recurrence?: Recurrence | null }) => !(v.recurrence && v.dueAtMs == null);
const DUE_FOR_RECURRENCE = { message: 'A recurring task needs its first due time.', path: ['dueAtMs'] };

export const taskMethods = {
  /**
   * Open tasks (to do, in progress) of the caller's locations, or of one; `mine`: those assigned to
   * the caller or the caller's role. Done tasks completed since `doneSinceMs` come too.
   */
  'tasks.list': method<TaskView[]>()({
    input: z.strictObject({ locationId: id.optional(), mine: z.boolean().optional(), doneSinceMs: epochMs.optional() }),
    access: 'tasks.view',
    mutation: false,
  }),
  /** The people a task at a location can be assigned to (active, granted that location). */
  'tasks.assignees': method<TaskAssigneeOption[]>()({
    input: z.strictObject({ locationId: id }),
    access: 'tasks.view',
    mutation: false,
  }),
  /** Staff add tasks for themselves; managers and up for anyone at their locations. */
  'tasks.create': method<TaskView>()({
    input: z
      .strictObject({
        locationId: id,
        title: taskTitle,
        notes: taskNotes.default(''),
        type: taskType,
        priority: taskPriority.default('medium'),
        assignee: taskAssignee.default(null),
        dueAtMs: epochMs.nullable().default(null),
        recurrence: recurrence.nullable().default(null),
        origin: taskOriginInput.nullable().default(null),
      })
      .refine(dueRequiredForRecurrence, DUE_FOR_RECURRENCE),
    access: 'tasks.complete',
    mutation: true,
  }),
  'tasks.update': method<TaskView>()({
    input: z
      .strictObject({
        taskId: id,
        title: taskTitle.optional(),
        notes: taskNotes.optional(),
        type: taskType.optional(),
        priority: taskPriority.optional(),
        assignee: taskAssignee.optional(),
        dueAtMs: epochMs.nullable().optional(),
        recurrence: recurrence.nullable().optional(),
      }),
    access: 'tasks.complete',
    mutation: true,
  }),
  /** Done on a recurring task also creates its next occurrence (returned as `next`). */
  'tasks.setStatus': method<{ task: TaskView; next: TaskView | null }>()({
    input: z.strictObject({ taskId: id, status: taskStatus }),
    access: 'tasks.complete',
    mutation: true,
  }),
  'tasks.delete': method<{ deleted: true }>()({
    input: z.strictObject({ taskId: id }),
    access: 'tasks.manage',
    mutation: true,
  }),
};
