import { passwordProblem, signInDelayMs } from '../../../domain/auth/password-policy';
import { isAdminOrManagerRole } from '../../../domain/auth/roles';
import { OpsFlowError } from '../../../domain/errors';
import { dayPattern } from '../../../domain/time/format-time';
import type { CallContext } from '../context';
import type { UserRow } from '../directory/directory';
import type { HandlerMap } from '../handler';
import { clearFailures, countFailure, refuseIfLocked, waitOutSlowDown } from '../auth/lockout';
import { hashSecret, verifySecret } from '../auth/passwords';
import { acceptSecondFactor, openTotpSecretWith } from '../auth/second-factor';
import { sessionUser } from '../auth/session-info';
import { checkTotp, hashBackupCode, newBackupCodes, newTotpSecret, totpEnrollment, wrongTotpCode } from '../auth/totp';
import { dropLocalCopy, keepLocalCopy } from '../auth/totp-local-copy';
import { newEnrolmentId, sealTotpWithPassword } from '../auth/totp-password-seal';

/**
 * A PIN is four digits typed on a shared PC: it opens a STAFF session, and never a way to change
 * how the account signs in. Otherwise password + PIN (or a PIN watched over a shoulder, and the
 * password) would be enough to replace the owner's two-factor with one's own.
 */
function refusePinSession(call: CallContext, change: string): void {
  const session = call.session!;
  if (!session.viaPin) return;
  call.audit({ action: 'security.permissionDenied', summary: `Refused ${change}: a PIN session changes no credentials`, risk: 'HIGH', entityType: 'user', entityId: session.userId });
  throw new OpsFlowError(
    'FORBIDDEN',
    'You signed in with a PIN. To change your password, PIN or two-factor sign-in, sign out and sign in with your password.',
  );
}

/** countFailure, and a failure that locks the account also ends the session that failed, as at the lock screen. */
function countCheckFailure(call: CallContext, user: UserRow, failed: { action: string; summary: string }, error: OpsFlowError): never {
  try {
    countFailure(call, user.username, user, failed, error);
  } catch (err) {
    if ((err as OpsFlowError).code === 'ACCOUNT_LOCKED') call.ctx.sessions.close(call.session!.token);
    throw err;
  }
}

/**
 * Changes to one's own credentials need the current password, so an unlocked PC is not enough;
 * changing or removing two-factor also needs the factor itself (see requireSecondFactor). A wrong
 * password or code counts towards the same lockout as a wrong sign-in, with the same slow-down,
 * and the count is cleared only once everything asked for was right: a known password must not
 * wipe the misses of someone guessing codes.
 */
async function confirmIdentity(call: CallContext, password: string, secondFactor?: { code: string | undefined }): Promise<UserRow> {
  const { ctx } = call;
  const user = sessionUser(ctx, call.session!);
  const failures = refuseIfLocked(ctx, user.username);
  await waitOutSlowDown(signInDelayMs(failures, ctx.options.signInDelayBaseMs));
  const ok = await verifySecret(password, user.password_hash);
  refuseIfLocked(ctx, user.username); // again: checks running in parallel may have locked it meanwhile
  if (!ok) {
    countCheckFailure(
      call,
      user,
      { action: 'account.passwordCheckFailed', summary: `${user.display_name} gave a wrong current password` },
      new OpsFlowError('BAD_CREDENTIALS', 'Your current password is not right.'),
    );
  }
  if (secondFactor) await requireSecondFactor(call, user, secondFactor.code, password);
  clearFailures(ctx, user.username);
  return user;
}

/**
 * Changing or removing two-factor needs the factor itself (a current code, or an unused backup code,
 * which is then spent), so the password alone cannot take it over. Someone who lost their phone and
 * their backup codes asks an administrator to reset it.
 */
async function requireSecondFactor(call: CallContext, user: UserRow, code: string | undefined, password: string): Promise<void> {
  if (user.totp_secret === null) return;
  if (!code) {
    throw new OpsFlowError('TOTP_REQUIRED', 'Enter the 6-digit code from your authenticator app, or a backup code, to change two-factor sign-in.');
  }
  if (!(await acceptSecondFactor(call, user.id, code, password))) {
    countCheckFailure(
      call,
      user,
      { action: 'account.secondFactorCheckFailed', summary: `${user.display_name} gave a wrong two-factor code` },
      new OpsFlowError('TOTP_INVALID', 'That code is not right. Check the time on your phone and try the newest code, or use a backup code.'),
    );
  }
}

/**
 * The two-factor secret sealed again under the new password (it travels sealed with the
 * password: totp-password-seal.ts), or undefined to leave it as it is: none, or one this PC
 * cannot open (sealed under a password reset since, and no copy here), which a PC holding its own
 * copy seals again at the next sign-in.
 */
async function resealTotp(call: CallContext, user: UserRow, currentPassword: string, newPassword: string): Promise<string | undefined> {
  if (user.totp_secret === null) return undefined;
  let opened;
  try {
    opened = await openTotpSecretWith(call, user, currentPassword);
  } catch (err) {
    if ((err as OpsFlowError).code === 'TOTP_INVALID') return undefined; // an old value sealed with another PC's key
    throw err;
  }
  if (!opened) return undefined;
  keepLocalCopy(call.ctx, user.id, opened.enrolment, opened.secret);
  return sealTotpWithPassword(opened.secret, newPassword, user.id, opened.enrolment, call.ctx.options.passwordCost);
}

export const accountHandlers: HandlerMap<
  'account.changePassword' | 'account.setPin' | 'account.setPreferences' | 'account.beginTotp' | 'account.confirmTotp' | 'account.disableTotp'
> = {
  async 'account.changePassword'({ currentPassword, newPassword }, call) {
    refusePinSession(call, 'a password change');
    const user = await confirmIdentity(call, currentPassword);
    const problem = passwordProblem(newPassword, { username: user.username });
    if (problem) throw new OpsFlowError('WEAK_PASSWORD', problem);
    const passwordHash = await hashSecret(newPassword, call.ctx.options.passwordCost);
    const totpSecret = await resealTotp(call, user, currentPassword, newPassword);
    call.session!.pendingTotp = null; // sealed with the old password
    call.commit({ action: 'account.changePassword', summary: `${user.display_name} changed their password`, risk: 'MEDIUM', entityType: 'user', entityId: user.id }, () =>
      call.ctx.directory.updateUser(user.id, { passwordHash, totpSecret }),
    );
    // Whoever else is signed in as this user (with the old password, or a PIN) is signed out.
    call.ctx.sessions.closeAllFor(user.id, call.session!.token);
    return { changed: true };
  },

  async 'account.setPin'({ currentPassword, pin }, call) {
    refusePinSession(call, 'a PIN change');
    const user = await confirmIdentity(call, currentPassword);
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

  async 'account.beginTotp'({ currentPassword, totpCode }, call) {
    refusePinSession(call, 'a two-factor enrolment');
    const user = await confirmIdentity(call, currentPassword, { code: totpCode });
    const secret = newTotpSecret();
    const enrolment = newEnrolmentId();
    const sealed = await sealTotpWithPassword(secret, currentPassword, user.id, enrolment, call.ctx.options.passwordCost);
    call.session!.pendingTotp = { secret, sealed, enrolment };
    return totpEnrollment(secret, user.username);
  },

  async 'account.confirmTotp'({ code }, call) {
    refusePinSession(call, 'a two-factor enrolment');
    const { ctx } = call;
    const session = call.session!;
    const user = sessionUser(ctx, session);
    const pending = session.pendingTotp;
    if (!pending) throw new OpsFlowError('CONFLICT', 'Start two-factor setup again: no setup is in progress.');
    const step = checkTotp(pending.secret, code, ctx.now());
    if (step === null) throw wrongTotpCode();
    const backupCodes = newBackupCodes();
    const backupCodeHashes = await Promise.all(backupCodes.map(hashBackupCode));
    // After the await: the setup may have been confirmed, or the session locked, meanwhile.
    if (session.pendingTotp !== pending) throw new OpsFlowError('CONFLICT', 'Start two-factor setup again: no setup is in progress.');
    ctx.stationSettings.set(`totpLastStep:${user.id}`, step);
    const replacing = sessionUser(ctx, session).totp_secret !== null;
    call.commit(
      {
        action: 'account.enableTotp',
        summary: `${user.display_name} ${replacing ? 'moved two-factor sign-in to a new authenticator' : 'turned on two-factor sign-in'}`,
        risk: replacing ? 'HIGH' : 'MEDIUM',
        entityType: 'user',
        entityId: user.id,
      },
      () => {
        ctx.directory.updateUser(user.id, { totpSecret: pending.sealed, totpBackupCodeHashes: backupCodeHashes });
        keepLocalCopy(ctx, user.id, pending.enrolment, pending.secret);
      },
    );
    session.pendingTotp = null;
    session.mustEnrollTotp = false;
    return { backupCodes };
  },

  async 'account.disableTotp'({ currentPassword, totpCode }, call) {
    refusePinSession(call, 'turning off two-factor');
    const { ctx } = call;
    // Before the code is checked, so a backup code offered here is not spent for nothing.
    if (ctx.directory.settings().requireTotpForAdmins && isAdminOrManagerRole(call.session!.role)) {
      throw new OpsFlowError('FORBIDDEN', 'Your organization requires two-factor sign-in for your role; it cannot be turned off.');
    }
    const user = await confirmIdentity(call, currentPassword, { code: totpCode });
    call.commit({ action: 'account.disableTotp', summary: `${user.display_name} turned off two-factor sign-in`, risk: 'HIGH', entityType: 'user', entityId: user.id }, () => {
      ctx.directory.updateUser(user.id, { totpSecret: null, totpBackupCodeHashes: [] });
      dropLocalCopy(ctx, user.id);
    });
    return { changed: true };
  },
};
