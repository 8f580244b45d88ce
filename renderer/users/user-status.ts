import type { UserSummary } from '../../domain/contract/index';
import type { TimeFormat } from '../time/time-format';

export type UserState = 'active' | 'deactivated' | 'locked';

export function userState(user: UserSummary, nowMs = Date.now()): UserState {
  if (!user.active) return 'deactivated';
  if (user.lockedUntilMs !== null && user.lockedUntilMs > nowMs) return 'locked';
  return 'active';
}

/** The state in words (never colour alone): "Active", "Deactivated", "Locked until 2025-03-01 14:32". */
export function userStatusText(user: UserSummary, timeZone: string | undefined, time: TimeFormat, nowMs = Date.now()): string {
  const state = userState(user, nowMs);
  if (state === 'deactivated') return 'Deactivated';
  if (state === 'locked' && user.lockedUntilMs !== null) return `Locked until ${time.dateTime(user.lockedUntilMs, timeZone)}`;
  return 'Active';
}
