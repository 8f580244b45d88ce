import type { TaskView } from '../../domain/contract/tasks';
import type { Recurrence } from '../../domain/tasks/recurrence';
import { instantOf } from '../../domain/tasks/recurrence';
import { dayInZone } from '../../domain/time/calendar-days';
import { wallClock } from '../../domain/time/format-time';

/** How a task's repeat is chosen on the form. */
export type RepeatChoice = 'none' | 'daily' | 'weekly' | 'monthly';

export interface DueFields {
  /** "2026-11-25" or "" for no due time. */
  day: string;
  /** "22:00" on the location's clock. */
  time: string;
}

const TIME = /^([01]?\d|2[0-3]):([0-5]\d)$/;

/** The due time typed on the form, on the clock of the task's location; null for none. */
export function dueAtMsOf(fields: DueFields, timeZone: string): number | null | { error: string } {
  if (!fields.day) return fields.time.trim() ? { error: 'Give the day it is due, or clear the time.' } : null;
  const day = /^(\d{4})-(\d{2})-(\d{2})$/.exec(fields.day);
  if (!day) return { error: 'Enter a real day.' };
  const time = TIME.exec(fields.time.trim() || '');
  if (!time) return { error: 'Enter the time as hh:mm, 24-hour (22:00).' };
  return instantOf({ year: Number(day[1]), month: Number(day[2]), day: Number(day[3]), hour: Number(time[1]), minute: Number(time[2]), second: 0 }, timeZone);
}

/** A due time shown back on the form, on the location's clock. */
export function dueFieldsOf(dueAtMs: number | null, timeZone: string): DueFields {
  if (dueAtMs === null) return { day: '', time: '' };
  const w = wallClock(dueAtMs, timeZone);
  return { day: dayInZone(dueAtMs, timeZone), time: `${String(w.hour).padStart(2, '0')}:${String(w.minute).padStart(2, '0')}` };
}

/** The rule for the choices made; the monthly day defaults to the due day's. */
export function recurrenceOf(choice: RepeatChoice, weekdays: number[], dayOfMonth: number): Recurrence | null {
  if (choice === 'daily') return { every: 'daily' };
  if (choice === 'weekly') return { every: 'weekly', weekdays: [...weekdays].sort() };
  if (choice === 'monthly') return { every: 'monthly', dayOfMonth };
  return null;
}

/** Board columns, in order. */
export function byStatus(tasks: TaskView[]): Record<TaskView['status'], TaskView[]> {
  return {
    todo: tasks.filter((t) => t.status === 'todo'),
    in_progress: tasks.filter((t) => t.status === 'in_progress'),
    done: tasks.filter((t) => t.status === 'done'),
  };
}
