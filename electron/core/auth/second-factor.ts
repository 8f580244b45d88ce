import { OpsFlowError } from '../../../domain/errors';
import type { CallContext } from '../context';
import { SecretUnreadableError } from '../secrets/secret-box';
import { refuseIfLocked } from './lockout';
import { checkTotp, matchBackupCode, openTotpSecret } from './totp';

/**
 * A current authenticator code, or an unused backup code, which is struck off. Used at sign-in and
 * before two-factor is changed or removed.
 *
 * A backup code is checked against the slow hashes first (an await), then struck off from the
 * codes as they are now, read afresh, with no await between the read and the write: of several
 * calls racing with one code, the first to get there strikes it off and the others no longer find it.
 */
export async function acceptSecondFactor(call: CallContext, userId: string, code: string): Promise<boolean> {
  const { ctx } = call;
  const user = ctx.directory.user(userId);
  if (!user?.totp_secret) return false;

  // Authenticator codes are six digits; backup codes are eight letters and digits.
  if (/^\d{6}$/.test(code)) {
    const secret = openOrExplain(call, user.id, user.totp_secret);
    const lastKey = `totpLastStep:${user.id}`;
    const step = checkTotp(secret, code, ctx.now(), ctx.stationSettings.get<number | null>(lastKey, null));
    if (step === null) return false;
    ctx.stationSettings.set(lastKey, step);
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
