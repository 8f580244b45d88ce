import type { UserSummary } from '../../domain/contract/index';

export type UserState = 'active' | 'deactivated' | 'locked';

/** The state in words (never colour alone); a lockout's end is written beside it. */
export const USER_STATE_WORDS: Record<UserState, string> = { active: 'Active', deactivated: 'Deactivated', locked: 'Locked' };

export function userState(user: UserSummary, nowMs = Date.now()): UserState {
  if (!user.active) return 'deactivated';
  if (user.lockedUntilMs !== null && user.lockedUntilMs > nowMs) return 'locked';
  return 'active';
}
