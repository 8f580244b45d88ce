import { passwordProblem } from '../../../domain/auth/password-policy';
import { OpsFlowError } from '../../../domain/errors';
import { dayPattern } from '../../../domain/time/format-time';
import type { CallContext } from '../context';
import type { HandlerMap } from '../handler';
import { hashSecret, verifySecret } from '../auth/passwords';
import { sessionUser } from '../auth/session-info';
import { checkTotp, hashBackupCode, newBackupCodes, newTotpSecret, totpEnrollment } from '../auth/totp';

/** Changes to one's own credentials need the current password, so an unlocked PC is not enough. */
async function requirePassword(call: CallContext, password: string) {
  const user = sessionUser(call.ctx, call.session!);
  if (!(await verifySecret(password, user.password_hash))) {
    call.audit({ action: 'account.passwordCheckFailed', summary: `${user.display_name} gave a wrong current password`, risk: 'MEDIUM', entityType: 'user', entityId: user.id });
    throw new OpsFlowError('BAD_CREDENTIALS', 'Your current password is not right.');
  }
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

  'account.setPreferences'({ temperatureUnit, clock, dateStyle }, call) {
    const user = sessionUser(call.ctx, call.session!);
    const shown = [
      temperatureUnit && `temperatures in °${temperatureUnit}`,
      clock && `times on a ${clock === '12h' ? '12' : '24'}-hour clock`,
      dateStyle && `dates as ${dayPattern(dateStyle)}`,
    ].filter(Boolean);
    call.commit({ action: 'account.setPreferences', summary: `${user.display_name} shows ${shown.join(', ')}`, risk: 'LOW', entityType: 'user', entityId: user.id }, () =>
      call.ctx.directory.updateUser(user.id, { temperatureUnit, clock, dateStyle }),
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
