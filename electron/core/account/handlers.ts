import { passwordProblem, signInDelayMs } from '../../../domain/auth/password-policy';
import { OpsFlowError } from '../../../domain/errors';
import type { CallContext } from '../context';
import type { HandlerMap } from '../handler';
import { clearFailures, countFailure, refuseIfLocked } from '../auth/lockout';
import { hashSecret, verifySecret } from '../auth/passwords';
import { sessionUser } from '../auth/session-info';
import { checkTotp, hashBackupCode, newBackupCodes, newTotpSecret, totpEnrollment } from '../auth/totp';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Changes to one's own credentials need the current password, so an unlocked PC is not enough.
 * A wrong one counts towards the same lockout as a wrong sign-in, with the same slow-down; the
 * fifth locks the account and ends this session, as at the lock screen.
 */
async function requirePassword(call: CallContext, password: string) {
  const { ctx } = call;
  const user = sessionUser(ctx, call.session!);
  const failures = refuseIfLocked(ctx, user.username);
  await sleep(signInDelayMs(failures, ctx.options.signInDelayBaseMs));
  const ok = await verifySecret(password, user.password_hash);
  refuseIfLocked(ctx, user.username); // again: checks running in parallel may have locked it meanwhile
  if (!ok) {
    try {
      countFailure(
        call,
        user.username,
        user,
        { action: 'account.passwordCheckFailed', summary: `${user.display_name} gave a wrong current password` },
        new OpsFlowError('BAD_CREDENTIALS', 'Your current password is not right.'),
      );
    } catch (err) {
      if ((err as OpsFlowError).code === 'ACCOUNT_LOCKED') ctx.sessions.close(call.session!.token);
      throw err;
    }
  }
  clearFailures(ctx, user.username);
  return user;
}

export const accountHandlers: HandlerMap<
  'account.changePassword' | 'account.setPin' | 'account.setPreferences' | 'account.beginTotp' | 'account.confirmTotp' | 'account.disableTotp'
> = {
  async 'account.changePassword'({ currentPassword, newPassword }, call) {
    const user = await requirePassword(call, currentPassword);
    const problem = passwordProblem(newPassword, { username: user.username });
    if (problem) throw new OpsFlowError('WEAK_PASSWORD', problem);
    const passwordHash = await hashSecret(newPassword, call.ctx.options.passwordCost);
    call.commit({ action: 'account.changePassword', summary: `${user.display_name} changed their password`, risk: 'MEDIUM', entityType: 'user', entityId: user.id }, () =>
      call.ctx.directory.updateUser(user.id, { passwordHash }),
    );
    return { changed: true };
  },

  async 'account.setPin'({ currentPassword, pin }, call) {
    const user = await requirePassword(call, currentPassword);
    if (pin !== null && /^(\d)\1+$/.test(pin)) throw new OpsFlowError('WEAK_PASSWORD', 'A PIN of one repeated digit is too easy to guess; choose another.');
    const pinHash = pin === null ? null : await hashSecret(pin, call.ctx.options.passwordCost);
    call.commit(
      { action: 'account.setPin', summary: `${user.display_name} ${pin === null ? 'removed' : 'set'} their PIN`, risk: 'MEDIUM', entityType: 'user', entityId: user.id },
      () => call.ctx.directory.updateUser(user.id, { pinHash }),
    );
    return { changed: true };
  },

  'account.setPreferences'({ temperatureUnit }, call) {
    const user = sessionUser(call.ctx, call.session!);
    call.commit({ action: 'account.setPreferences', summary: `${user.display_name} shows temperatures in °${temperatureUnit}`, risk: 'LOW', entityType: 'user', entityId: user.id }, () =>
      call.ctx.directory.updateUser(user.id, { temperatureUnit }),
    );
    return { changed: true };
  },

  async 'account.beginTotp'({ currentPassword }, call) {
    const user = await requirePassword(call, currentPassword);
    const secret = newTotpSecret();
    call.session!.pendingTotpSecret = secret;
    return totpEnrollment(secret, user.username);
  },

  'account.confirmTotp'({ code }, call) {
    const { ctx } = call;
    const session = call.session!;
    const user = sessionUser(ctx, session);
    const secret = session.pendingTotpSecret;
    if (!secret) throw new OpsFlowError('CONFLICT', 'Start two-factor setup again: no setup is in progress.');
    const step = checkTotp(secret, code, ctx.now());
    if (step === null) throw new OpsFlowError('TOTP_INVALID', 'That code is not right. Check the time on your phone and try the newest code.');
    ctx.stationSettings.set(`totpLastStep:${user.id}`, step);
    const backupCodes = newBackupCodes();
    call.commit({ action: 'account.enableTotp', summary: `${user.display_name} turned on two-factor sign-in`, risk: 'MEDIUM', entityType: 'user', entityId: user.id }, () =>
      ctx.directory.updateUser(user.id, { totpSecret: secret, totpBackupCodeHashes: backupCodes.map(hashBackupCode) }),
    );
    session.pendingTotpSecret = null;
    session.mustEnrollTotp = false;
    return { backupCodes };
  },

  async 'account.disableTotp'({ currentPassword }, call) {
    const user = await requirePassword(call, currentPassword);
    const { ctx } = call;
    if (ctx.directory.settings().requireTotpForAdmins && ['TENANT_ADMIN', 'LOCATION_MANAGER', 'MANAGER'].includes(user.role)) {
      throw new OpsFlowError('FORBIDDEN', 'Your organization requires two-factor sign-in for your role; it cannot be turned off.');
    }
    call.commit({ action: 'account.disableTotp', summary: `${user.display_name} turned off two-factor sign-in`, risk: 'HIGH', entityType: 'user', entityId: user.id }, () =>
      ctx.directory.updateUser(user.id, { totpSecret: null, totpBackupCodeHashes: [] }),
    );
    return { changed: true };
  },
};
