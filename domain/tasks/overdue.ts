import type { TaskStatus } from './records';

/**
 * Overdue is worked out, never stored: a task is overdue while it is not done and its due time has
 * passed. The clock is passed in, so the engine, the screen and the tests agree on "now".
 */
export function isOverdue(task: { status: TaskStatus; dueAtMs: number | null }, nowMs: number): boolean {
  return task.status !== 'done' && task.dueAtMs !== null && task.dueAtMs < nowMs;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

/** "3 minutes", "1 hour", "2 days": the largest whole unit, rounded down; "less than a minute". */
export function durationWords(ms: number): string {
  if (ms < MINUTE_MS) return 'less than a minute';
  const unit = ms >= DAY_MS ? ([DAY_MS, 'day'] as const) : ms >= HOUR_MS ? ([HOUR_MS, 'hour'] as const) : ([MINUTE_MS, 'minute'] as const);
  const n = Math.floor(ms / unit[0]);
  return `${n} ${unit[1]}${n === 1 ? '' : 's'}`;
}

/**
 * Where a task stands against its due time, in words: "overdue by 2 hours", "due in 40 minutes",
 * "done", "no due time".
 */
export function dueWords(task: { status: TaskStatus; dueAtMs: number | null }, nowMs: number): string {
  if (task.status === 'done') return 'done';
  if (task.dueAtMs === null) return 'no due time';
  if (isOverdue(task, nowMs)) return `overdue by ${durationWords(nowMs - task.dueAtMs)}`;
  return `due in ${durationWords(task.dueAtMs - nowMs)}`;
}
