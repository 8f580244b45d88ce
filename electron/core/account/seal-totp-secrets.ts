import type { EngineContext } from '../context';
import { sealTotpSecret } from '../auth/totp';
import { SecretBox } from '../secrets/secret-box';
import { isPasswordSealed } from '../auth/totp-password-seal';

/**
 * Seals the TOTP secrets still kept in plain text (written before secrets were sealed, or brought
 * back by restoring an old backup) with this PC's key. Runs when the engine starts and again after
 * a restore; returns how many it sealed. Its password is not known here: the first sign-in with a
 * good code seals it with the password instead (auth/second-factor.ts), for every PC.
 */
export function sealPlainTotpSecrets(ctx: EngineContext): number {
  if (!ctx.identity()) return 0;
  const plain = ctx.directory.users(true).filter((u) => u.totp_secret !== null && !SecretBox.isSealed(u.totp_secret) && !isPasswordSealed(u.totp_secret));
  if (plain.length === 0) return 0;
  ctx.docs.transaction(() => {
    for (const user of plain) ctx.directory.updateUser(user.id, { totpSecret: sealTotpSecret(ctx.secrets, user.id, user.totp_secret!) });
    ctx.audit.append(
      { action: 'security.totpSecretsSealed', summary: `Sealed ${plain.length} two-factor secret(s) kept in plain text with this PC's key`, risk: 'LOW' },
      { id: null, name: 'system' },
    );
  });
  ctx.log.info({ sealed: plain.length }, 'sealed two-factor secrets kept in plain text');
  return plain.length;
}
