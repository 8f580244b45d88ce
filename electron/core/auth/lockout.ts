import { LOCKOUT_AFTER_FAILURES, LOCKOUT_MS } from '../../../domain/auth/password-policy';
import type { EngineContext } from '../context';

export interface AttemptState {
  failures: number;
  lockedUntilMs: number | null;
}

/** Failed sign-ins of this PC, by username. Kept locally: a lockout protects this PC's door. */
export function attemptState(ctx: EngineContext, username: string): AttemptState {
  const row = ctx.q.first(ctx.db.selectFrom('sign_in_attempts').selectAll().where('username', '=', username));
  if (!row) return { failures: 0, lockedUntilMs: null };
  const lockedUntilMs = row.locked_until_ms !== null && row.locked_until_ms > ctx.now() ? row.locked_until_ms : null;
  // A lockout that has run out starts the count again.
  const failures = row.locked_until_ms !== null && lockedUntilMs === null ? 0 : row.failures;
  return { failures, lockedUntilMs };
}

/** Counts a failure; returns true when this failure locked the account. */
export function recordFailure(ctx: EngineContext, username: string): boolean {
  const failures = attemptState(ctx, username).failures + 1;
  const locks = failures >= LOCKOUT_AFTER_FAILURES;
  const row = { failures, locked_until_ms: locks ? ctx.now() + LOCKOUT_MS : null, last_failure_ms: ctx.now() };
  ctx.q.run(ctx.db.insertInto('sign_in_attempts').values({ username, ...row }).onConflict((oc) => oc.column('username').doUpdateSet(row)));
  // The Users screen shows who is locked out.
  if (locks) ctx.events.emit('data.changed', { kinds: ['users'] });
  return locks;
}

export function clearFailures(ctx: EngineContext, username: string): void {
  ctx.q.run(ctx.db.deleteFrom('sign_in_attempts').where('username', '=', username));
}

export function lockedUntil(ctx: EngineContext, username: string): number | null {
  return attemptState(ctx, username).lockedUntilMs;
}
