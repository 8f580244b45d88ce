import type { CallContext } from '../context';
import { checkTotp, hashBackupCode } from './totp';

/**
 * A current authenticator code, or an unused backup code, which is struck off. Used at sign-in and
 * before two-factor is changed or removed. The user row is read here, not taken from the caller:
 * calls racing with one code each read the user before their password check (an await), and must
 * each see the codes as the one before left them. Check and strike-off run with no await between.
 */
export function acceptSecondFactor(call: CallContext, userId: string, code: string): boolean {
  const { ctx } = call;
  const user = ctx.directory.user(userId);
  if (!user?.totp_secret) return false;
  const lastKey = `totpLastStep:${user.id}`;
  const step = checkTotp(user.totp_secret, code, ctx.now(), ctx.stationSettings.get<number | null>(lastKey, null));
  if (step !== null) {
    ctx.stationSettings.set(lastKey, step);
    return true;
  }
  const hashes = JSON.parse(user.totp_backup_code_hashes) as string[];
  const hash = hashBackupCode(code);
  if (!hashes.includes(hash)) return false;
  call.commit(
    { action: 'auth.backupCodeUsed', summary: `${user.display_name} used a two-factor backup code (${hashes.length - 1} left)`, risk: 'MEDIUM', entityType: 'user', entityId: user.id },
    () => ctx.directory.updateUser(user.id, { totpBackupCodeHashes: hashes.filter((h) => h !== hash) }),
  );
  return true;
}
