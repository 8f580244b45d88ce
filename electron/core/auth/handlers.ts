import { isAdminOrManagerRole, type Role } from '../../../domain/auth/roles';
import { signInDelayMs } from '../../../domain/auth/password-policy';
import { OpsFlowError } from '../../../domain/errors';
import type { CallContext } from '../context';
import type { UserRow } from '../directory/directory';
import type { HandlerMap } from '../handler';
import { clearFailures, countFailure, refuseIfLocked, waitOutSlowDown } from './lockout';
import { dummyHash, verifySecret } from './passwords';
import { sessionInfo, sessionUser } from './session-info';
import { acceptSecondFactor } from './second-factor';
import { wrongTotpCode } from './totp';

/** No timer at all for no delay: a sign-in without earlier failures then waits on nothing but the hash (tests run devices on a fake clock). */
/**
 * Counts a failed sign-in, audits it (and the lockout it may cause), and throws `error`. The entry is
 * an attempt under the typed name, not the act of the user of that name: whoever typed it is unknown.
 */
function fail(call: CallContext, username: string, user: UserRow | undefined, error: OpsFlowError): never {
  countFailure(call, username, user, { action: 'auth.signInFailed', summary: `Failed sign-in for "${username}": ${error.code}` }, error, { id: null, name: username });
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

export const authHandlers: HandlerMap<'auth.signIn' | 'auth.signInWithPin' | 'auth.session' | 'auth.stillHere' | 'auth.lock' | 'auth.unlock' | 'auth.signOut'> = {
  async 'auth.signIn'({ username, password, totpCode }, call) {
    const { ctx } = call;
    const failures = refuseIfLocked(ctx, username);
    await waitOutSlowDown(signInDelayMs(failures, ctx.options.signInDelayBaseMs));
    const user = ctx.directory.userByUsername(username);
    const ok = await verifySecret(password, user?.password_hash ?? (await dummyHash(ctx.options.passwordCost)));
    refuseIfLocked(ctx, username); // again: guesses running in parallel may have locked it meanwhile
    if (!user || !ok) fail(call, username, user, badCredentials());
    if (user.active !== 1) fail(call, username, user, accountDeactivated());
    if (user.totp_secret !== null) {
      if (!totpCode) throw new OpsFlowError('TOTP_REQUIRED', 'Enter the 6-digit code from your authenticator app, or a backup code.');
      if (!(await acceptSecondFactor(call, user.id, totpCode, password))) {
        fail(call, username, user, wrongTotpCode());
      }
    }
    return open(call, user, false);
  },

  async 'auth.signInWithPin'({ username, pin }, call) {
    const { ctx } = call;
    const failures = refuseIfLocked(ctx, username);
    await waitOutSlowDown(signInDelayMs(failures, ctx.options.signInDelayBaseMs));
    const user = ctx.directory.userByUsername(username);
    const ok = await verifySecret(pin, user?.pin_hash ?? (await dummyHash(ctx.options.passwordCost)));
    refuseIfLocked(ctx, username);
    if (!user || !ok) fail(call, username, user, badCredentials());
    if (user.active !== 1) fail(call, username, user, accountDeactivated());
    return open(call, user, true);
  },

  /** The dispatcher has counted the call as activity: that is all this method is for. */
  'auth.stillHere'() {
    return { ok: true };
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
