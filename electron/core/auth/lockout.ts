import { LOCKOUT_AFTER_FAILURES, LOCKOUT_MS } from '../../../domain/auth/password-policy';
import { OpsFlowError } from '../../../domain/errors';
import { DEFAULT_CLOCK, DEFAULT_DATE_STYLE, formatDateTime } from '../../../domain/time/format-time';
import type { AuditActor } from '../audit/audit-writer';
import type { CallContext, EngineContext } from '../context';
import type { UserRow } from '../directory/directory';

export interface AttemptState {
  failures: number;
  lockedUntilMs: number | null;
}

/**
 * Waits out the slow-down after failed attempts. No timer at all when there is none to wait: a
 * zero-length timer would still yield to the event loop (and, on a test's fake clock, never fire).
 */
export function waitOutSlowDown(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
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

/**
 * In this station's location time, as the Users screen shows it. Before sign-in nobody's clock and
 * date preference is known, so it is the unambiguous default: "2026-11-25 15:12".
 */
function formatLockedUntil(ctx: EngineContext, ms: number): string {
  const homeId = ctx.identity()?.homeLocationId;
  const timeZone = homeId ? ctx.directory.location(homeId)?.time_zone : undefined;
  return formatDateTime(ms, { timeZone, clock: DEFAULT_CLOCK, dateStyle: DEFAULT_DATE_STYLE });
}

/** Throws ACCOUNT_LOCKED while the account is locked; returns the failures so far otherwise. */
export function refuseIfLocked(ctx: EngineContext, username: string): number {
  const state = attemptState(ctx, username);
  if (state.lockedUntilMs !== null) {
    throw new OpsFlowError(
      'ACCOUNT_LOCKED',
      `This account is locked after too many failed sign-ins. Try again after ${formatLockedUntil(ctx, state.lockedUntilMs)}, or ask an administrator.`,
    );
  }
  return state.failures;
}

/**
 * Counts a wrong password, PIN or code towards the lockout, audits it as `failed` (and the lockout
 * it may cause), and throws `error`, or ACCOUNT_LOCKED when this failure locked the account.
 * Sign-in and every check of a current password share the count: guesses through "change password"
 * are guesses all the same.
 */
export function countFailure(
  call: CallContext,
  username: string,
  user: UserRow | undefined,
  failed: { action: string; summary: string },
  error: OpsFlowError,
  /** Who the entry names: the signed-in user checking their password, or (sign-in) the typed name. */
  actor: AuditActor = { id: user?.id ?? null, name: user?.display_name ?? username },
): never {
  const locked = recordFailure(call.ctx, username);
  call.audit({ ...failed, risk: 'MEDIUM', entityType: 'user', entityId: user?.id ?? null }, actor);
  if (locked) {
    call.audit({ action: 'auth.lockedOut', summary: `Account "${username}" locked for 15 minutes after 5 failed sign-ins`, risk: 'HIGH', entityType: 'user', entityId: user?.id ?? null }, actor);
    throw new OpsFlowError('ACCOUNT_LOCKED', 'Too many failed sign-ins: this account is locked for 15 minutes. Ask an administrator if you need in sooner.');
  }
  throw error;
}
