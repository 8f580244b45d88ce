import { z } from 'zod';
import { ROLES } from '../auth/roles';
import { recurrence } from './recurrence';

/** The `tasks` map of a location's ops document: one Y.Map per task, last writer wins per field. */
export const TASKS_MAP = 'tasks';

export const TASK_TYPES = ['prep', 'cleaning', 'inventory', 'maintenance'] as const;
export type TaskType = (typeof TASK_TYPES)[number];

export const TASK_PRIORITIES = ['low', 'medium', 'high', 'urgent'] as const;
export type TaskPriority = (typeof TASK_PRIORITIES)[number];

export const TASK_STATUSES = ['todo', 'in_progress', 'done'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_TYPE_LABELS: Record<TaskType, string> = { prep: 'Prep', cleaning: 'Cleaning', inventory: 'Inventory', maintenance: 'Maintenance' };
export const TASK_PRIORITY_LABELS: Record<TaskPriority, string> = { low: 'Low', medium: 'Medium', high: 'High', urgent: 'Urgent' };
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = { todo: 'To do', in_progress: 'In progress', done: 'Done' };

export const TASK_TITLE_MAX = 200;
export const TASK_ORIGIN_LABEL_MAX = 300;

/** What another feature's record a task was made from: a corrective action's follow-up, a reorder for low stock. */
export const TASK_ORIGIN_KINDS = ['correctiveAction', 'lowStock'] as const;
export type TaskOriginKind = (typeof TASK_ORIGIN_KINDS)[number];

/**
 * The record a task follows up, with the words the engine wrote for it when the task was made (the
 * list shows them as they were: an item renamed later does not rename its old reorder task).
 */
export const taskOrigin = z.object({
  kind: z.enum(TASK_ORIGIN_KINDS),
  /** The corrective action's id, or the inventory item's. */
  ref: z.string().min(1).max(64),
  label: z.string().max(TASK_ORIGIN_LABEL_MAX),
});
export type TaskOrigin = z.infer<typeof taskOrigin>;
export const TASK_NOTES_MAX = 2000;

/**
 * A task as the ops document keeps it. The assignee is a user or a role (everyone of that role at
 * the location), or nobody yet. `deleted` hides it for good: a flag rather than removing the key,
 * so an edit made offline on another PC cannot bring a deleted task back half-filled.
 */
export const taskRecord = z.object({
  title: z.string().min(1).max(TASK_TITLE_MAX),
  notes: z.string().max(TASK_NOTES_MAX),
  type: z.enum(TASK_TYPES),
  priority: z.enum(TASK_PRIORITIES),
  assigneeUserId: z.string().min(1).max(64).nullable(),
  assigneeRole: z.enum(ROLES).nullable(),
  dueAtMs: z.number().int().nullable(),
  status: z.enum(TASK_STATUSES),
  recurrence: recurrence.nullable(),
  /** The occurrence of a recurring task this one follows; null for a first one. */
  followsTaskId: z.string().max(64).nullable(),
  createdAtMs: z.number().int(),
  createdById: z.string().max(64).nullable(),
  createdByName: z.string().max(200),
  completedAtMs: z.number().int().nullable(),
  completedByName: z.string().max(200).nullable(),
  deleted: z.boolean(),
  /** Tasks written before origins existed have none. */
  origin: taskOrigin.nullable().default(null),
});
export type TaskRecord = z.infer<typeof taskRecord>;
