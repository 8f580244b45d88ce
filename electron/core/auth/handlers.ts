import { isAdminOrManagerRole, type Role } from '../../../domain/auth/roles';
import { signInDelayMs } from '../../../domain/auth/password-policy';
import { OpsFlowError } from '../../../domain/errors';
import type { CallContext, EngineContext } from '../context';
import type { UserRow } from '../directory/directory';
import type { HandlerMap } from '../handler';
import { attemptState, clearFailures, recordFailure } from './lockout';
import { dummyHash, verifySecret } from './passwords';
import { sessionInfo, sessionUser } from './session-info';
import { checkTotp, hashBackupCode, wrongTotpCode } from './totp';

/** No timer at all for no delay: a sign-in without earlier failures then waits on nothing but the hash (tests run devices on a fake clock). */
const sleep = (ms: number): Promise<void> => (ms > 0 ? new Promise((r) => setTimeout(r, ms)) : Promise.resolve());

function formatLockedUntil(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-US', { hour: '2-digit', minute: '2-digit' });
}

function refuseIfLocked(ctx: EngineContext, username: string): number {
  const state = attemptState(ctx, username);
  if (state.lockedUntilMs !== null) {
    throw new OpsFlowError(
      'ACCOUNT_LOCKED',
      `This account is locked after too many failed sign-ins. Try again after ${formatLockedUntil(state.lockedUntilMs)}, or ask an administrator.`,
    );
  }
  return state.failures;
}

/** Counts a failed attempt, audits it (and the lockout it may cause), and throws `error`. */
function fail(call: CallContext, username: string, user: UserRow | undefined, error: OpsFlowError): never {
  const locked = recordFailure(call.ctx, username);
  const actor = { id: user?.id ?? null, name: user?.display_name ?? username };
  call.audit({ action: 'auth.signInFailed', summary: `Failed sign-in for "${username}": ${error.code}`, risk: 'MEDIUM', entityType: 'user', entityId: user?.id ?? null }, actor);
  if (locked) {
    call.audit({ action: 'auth.lockedOut', summary: `Account "${username}" locked for 15 minutes after 5 failed sign-ins`, risk: 'HIGH', entityType: 'user', entityId: user?.id ?? null }, actor);
    throw new OpsFlowError('ACCOUNT_LOCKED', 'Too many failed sign-ins: this account is locked for 15 minutes. Ask an administrator if you need in sooner.');
  }
  throw error;
}

const badCredentials = () => new OpsFlowError('BAD_CREDENTIALS', 'That username and password (or PIN) do not match. Check them and try again.');
const accountDeactivated = () => new OpsFlowError('ACCOUNT_INACTIVE', 'This account has been deactivated. Ask an administrator.');

function open(call: CallContext, user: UserRow, viaPin: boolean) {
  const { ctx } = call;
  clearFailures(ctx, user.username);
  const mustEnrollTotp = !viaPin && ctx.directory.settings().requireTotpForAdmins && isAdminOrManagerRole(user.role as Role) && user.totp_secret === null;
  const session = ctx.sessions.open({ userId: user.id, role: user.role as Role, viaPin, mustEnrollTotp });
  call.audit(
    { action: viaPin ? 'auth.signInWithPin' : 'auth.signIn', summary: `${user.display_name} signed in${viaPin ? ' with a PIN' : ''}`, risk: 'LOW', entityType: 'user', entityId: user.id },
    { id: user.id, name: user.display_name },
  );
  return sessionInfo(ctx, session);
}

/** A backup code or a current authenticator code; a used backup code is struck off. */
function checkSecondFactor(call: CallContext, user: UserRow, code: string): boolean {
  const { ctx } = call;
  const lastKey = `totpLastStep:${user.id}`;
  const step = checkTotp(user.totp_secret!, code, ctx.now(), ctx.stationSettings.get<number | null>(lastKey, null));
  if (step !== null) {
    ctx.stationSettings.set(lastKey, step);
    return true;
  }
  const hashes = JSON.parse(user.totp_backup_code_hashes) as string[];
  const hash = hashBackupCode(code);
  if (!hashes.includes(hash)) return false;
  call.commit(
    { action: 'auth.backupCodeUsed', summary: `${user.display_name} used a two-factor backup code (${hashes.length - 1} left)`, risk: 'MEDIUM', entityType: 'user', entityId: user.id },
    () => call.ctx.directory.updateUser(user.id, { totpBackupCodeHashes: hashes.filter((h) => h !== hash) }),
  );
  return true;
}

export const authHandlers: HandlerMap<'auth.signIn' | 'auth.signInWithPin' | 'auth.session' | 'auth.lock' | 'auth.unlock' | 'auth.signOut'> = {
  async 'auth.signIn'({ username, password, totpCode }, call) {
    const { ctx } = call;
    const failures = refuseIfLocked(ctx, username);
    await sleep(signInDelayMs(failures, ctx.options.signInDelayBaseMs));
    const user = ctx.directory.userByUsername(username);
    const ok = await verifySecret(password, user?.password_hash ?? (await dummyHash(ctx.options.passwordCost)));
    refuseIfLocked(ctx, username); // again: guesses running in parallel may have locked it meanwhile
    if (!user || !ok) fail(call, username, user, badCredentials());
    if (user.active !== 1) fail(call, username, user, accountDeactivated());
    if (user.totp_secret !== null) {
      if (!totpCode) throw new OpsFlowError('TOTP_REQUIRED', 'Enter the 6-digit code from your authenticator app, or a backup code.');
      if (!checkSecondFactor(call, user, totpCode)) {
        fail(call, username, user, wrongTotpCode());
      }
    }
    return open(call, user, false);
  },

  async 'auth.signInWithPin'({ username, pin }, call) {
    const { ctx } = call;
    const failures = refuseIfLocked(ctx, username);
    await sleep(signInDelayMs(failures, ctx.options.signInDelayBaseMs));
    const user = ctx.directory.userByUsername(username);
    const ok = await verifySecret(pin, user?.pin_hash ?? (await dummyHash(ctx.options.passwordCost)));
    refuseIfLocked(ctx, username);
    if (!user || !ok) fail(call, username, user, badCredentials());
    if (user.active !== 1) fail(call, username, user, accountDeactivated());
    return open(call, user, true);
  },

  'auth.session'(_input, { ctx, session }) {
    if (!session) return { session: null, locked: false };
    if (session.locked) return { session: null, locked: true };
    return { session: sessionInfo(ctx, session), locked: false };
  },

  'auth.lock'(_input, { ctx, session }) {
    ctx.sessions.lock(session!, 'manual');
    return { locked: true };
  },

  async 'auth.unlock'({ password, pin }, call) {
    const { ctx } = call;
    const session = call.session!;
    const user = sessionUser(ctx, session);
    refuseIfLocked(ctx, user.username);
    const secret = session.viaPin ? pin : password;
    if (!secret) throw new OpsFlowError('BAD_INPUT', session.viaPin ? 'Enter your PIN to unlock.' : 'Enter your password to unlock.');
    const ok = await verifySecret(secret, session.viaPin ? user.pin_hash : user.password_hash);
    refuseIfLocked(ctx, user.username);
    if (!ok) {
      try {
        fail(call, user.username, user, badCredentials());
      } catch (err) {
        if ((err as OpsFlowError).code === 'ACCOUNT_LOCKED') ctx.sessions.close(session.token);
        throw err;
      }
    }
    clearFailures(ctx, user.username);
    ctx.sessions.unlock(session);
    call.audit({ action: 'auth.unlock', summary: `${user.display_name} unlocked the session`, risk: 'LOW', entityType: 'user', entityId: user.id });
    return sessionInfo(ctx, session);
  },

  'auth.signOut'(_input, call) {
    const session = call.session!;
    call.audit({ action: 'auth.signOut', summary: `${call.actor().name} signed out`, risk: 'LOW', entityType: 'user', entityId: session.userId });
    call.ctx.sessions.close(session.token);
    return { signedOut: true };
  },
};
