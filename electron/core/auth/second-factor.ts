import { OpsFlowError } from '../../../domain/errors';
import type { CallContext } from '../context';
import { SecretUnreadableError } from '../secrets/secret-box';
import { refuseIfLocked } from './lockout';
import type { UserRow } from '../directory/directory';
import { checkTotp, matchBackupCode, openTotpSecret } from './totp';
import { hasLocalCopy, keepLocalCopy, localCopy } from './totp-local-copy';
import { enrolmentOf, newEnrolmentId, openTotpWithPassword, sealTotpWithPassword } from './totp-password-seal';

/**
 * A current authenticator code, or an unused backup code, which is struck off. Used at sign-in and
 * before two-factor is changed or removed, always right after `password` was checked: the
 * authenticator's secret is sealed with it (totp-password-seal.ts).
 *
 * A backup code is checked against the slow hashes first (an await), then struck off from the
 * codes as they are now, read afresh, with no await between the read and the write: of several
 * calls racing with one code, the first to get there strikes it off and the others no longer find it.
 */
export async function acceptSecondFactor(call: CallContext, userId: string, code: string, password: string): Promise<boolean> {
  const { ctx } = call;
  const user = ctx.directory.user(userId);
  if (!user?.totp_secret) return false;

  // Authenticator codes are six digits; backup codes are eight letters and digits.
  if (/^\d{6}$/.test(code)) {
    const opened = (await openTotpSecretWith(call, user, password)) ?? cannotOpen(call, user.id);
    // Opening the secret awaits a key derivation: guesses sent in parallel all wait here at once (as below).
    refuseIfLocked(ctx, user.username);
    const lastKey = `totpLastStep:${user.id}`;
    const step = checkTotp(opened.secret, code, ctx.now(), ctx.stationSettings.get<number | null>(lastKey, null));
    if (step === null) return false;
    ctx.stationSettings.set(lastKey, step);
    await carryToEveryPc(call, user.id, opened, password);
    return true;
  }

  const matched = await matchBackupCode(code, JSON.parse(user.totp_backup_code_hashes) as string[]);
  // Guesses sent in parallel all wait here at once: those that finish after the fifth miss locked
  // the account are refused unjudged, or parallel guessing would get round the limit of five.
  refuseIfLocked(ctx, user.username);
  if (matched === null) return false;
  const now = ctx.directory.user(userId);
  const unused = now?.totp_secret ? (JSON.parse(now.totp_backup_code_hashes) as string[]) : [];
  if (!now || !unused.includes(matched)) return false;
  call.commit(
    { action: 'auth.backupCodeUsed', summary: `${now.display_name} used a two-factor backup code (${unused.length - 1} left)`, risk: 'MEDIUM', entityType: 'user', entityId: now.id },
    () => ctx.directory.updateUser(now.id, { totpBackupCodeHashes: unused.filter((h) => h !== matched) }),
  );
  return true;
}

/** A user's TOTP secret in the clear, with the value it was read from. */
export interface OpenedTotp {
  secret: string;
  enrolment: string;
  stored: string;
  /** Sealed with the password just given: the other PCs can open it too. */
  current: boolean;
}

/**
 * The user's TOTP secret, opened with the password just checked; else (the password was reset by
 * an administrator since) with this PC's own copy; null when neither opens it. A value from before
 * secrets were sealed with the password (this PC's key, or plain text) is opened as it was.
 */
export async function openTotpSecretWith(call: CallContext, user: UserRow, password: string): Promise<OpenedTotp | null> {
  const stored = user.totp_secret!;
  const enrolment = enrolmentOf(stored);
  if (enrolment === null) return { secret: openOrExplain(call, user.id, stored), enrolment: newEnrolmentId(), stored, current: false };
  const secret = await openTotpWithPassword(stored, password, user.id);
  if (secret !== null) return { secret, enrolment, stored, current: true };
  const copy = localCopy(call.ctx, user.id, enrolment);
  return copy === null ? null : { secret: copy, enrolment, stored, current: false };
}

/**
 * After a good code: this PC keeps its own copy, and a secret not yet sealed with the current
 * password (an old format, or a password reset since) is sealed with it, so every PC the user is
 * granted can check their codes again. Not written if two-factor changed meanwhile.
 */
async function carryToEveryPc(call: CallContext, userId: string, opened: OpenedTotp, password: string): Promise<void> {
  const { ctx } = call;
  if (!hasLocalCopy(ctx, userId, opened.enrolment)) keepLocalCopy(ctx, userId, opened.enrolment, opened.secret);
  if (opened.current) return;
  const sealed = await sealTotpWithPassword(opened.secret, password, userId, opened.enrolment, ctx.options.passwordCost);
  const user = ctx.directory.user(userId);
  if (!user || user.totp_secret !== opened.stored) return;
  call.commit(
    { action: 'security.totpSecretResealed', summary: `Sealed ${user.display_name}'s two-factor secret with their current password, for every PC they work at`, risk: 'LOW', entityType: 'user', entityId: userId },
    () => ctx.directory.updateUser(userId, { totpSecret: sealed }),
  );
}

/** Not the person's mistake, and not counted as a wrong code: said so, with what to do. */
function cannotOpen(call: CallContext, userId: string): never {
  call.ctx.log.warn({ userId }, 'a two-factor secret sealed under an earlier password, and no copy of it on this PC');
  throw new OpsFlowError(
    'TOTP_INVALID',
    'This PC cannot read your two-factor secret yet: your password was reset after you set it up. Sign in with one of your backup codes, or once with your authenticator on a PC where you used it before (then it works here too), or ask an administrator to reset two-factor.',
  );
}

/**
 * The TOTP secret in the clear. One this PC cannot open (sealed with another PC's key: a backup
 * restored onto a new PC, a lost key file) is not the person's mistake: it is said so, and not
 * counted as a wrong code.
 */
function openOrExplain(call: CallContext, userId: string, stored: string): string {
  try {
    return openTotpSecret(call.ctx.secrets, userId, stored);
  } catch (err) {
    if (!(err instanceof SecretUnreadableError)) throw err;
    call.ctx.log.error({ err, userId }, 'a two-factor secret could not be decrypted with this PC’s key');
    throw new OpsFlowError(
      'TOTP_INVALID',
      'This PC cannot read your two-factor secret (it was set up with another copy of OpsFlow’s key). Sign in with one of your backup codes, or ask an administrator to reset two-factor.',
    );
  }
}
