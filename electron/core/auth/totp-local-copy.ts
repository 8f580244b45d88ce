import type { Store } from '../store';
import { SecretUnreadableError, type SecretBox } from '../secrets/secret-box';

/**
 * The two-factor secrets this PC has opened, sealed with its own key, never synced. They matter
 * once an administrator has reset a password: the copy in the credentials document is then sealed
 * under a password nobody knows any more, and only a PC holding its own copy can still check the
 * authenticator's code (and, at that sign-in, seal the secret under the new password for the
 * others). Elsewhere the person uses a backup code meanwhile: the second factor is never skipped.
 */
type Deps = Pick<Store, 'q' | 'db'> & { secrets: SecretBox };

const context = (userId: string, enrolment: string) => `totp-local:${userId}:${enrolment}`;

export function keepLocalCopy({ q, db, secrets }: Deps, userId: string, enrolment: string, secretBase32: string): void {
  const sealed = secrets.seal(secretBase32, context(userId, enrolment));
  q.run(db.insertInto('totp_local_copies').values({ user_id: userId, enrolment, sealed }).onConflict((oc) => oc.column('user_id').doUpdateSet({ enrolment, sealed })));
}

/** This PC's copy of the secret of `enrolment`, or null (none, another enrolment, another key). */
export function localCopy({ q, db, secrets }: Deps, userId: string, enrolment: string): string | null {
  const row = q.first(db.selectFrom('totp_local_copies').selectAll().where('user_id', '=', userId));
  if (!row || row.enrolment !== enrolment) return null;
  try {
    return secrets.open(row.sealed, context(userId, enrolment));
  } catch (err) {
    if (err instanceof SecretUnreadableError) return null;
    throw err;
  }
}

export function hasLocalCopy({ q, db }: Pick<Store, 'q' | 'db'>, userId: string, enrolment: string): boolean {
  return q.first(db.selectFrom('totp_local_copies').select('enrolment').where('user_id', '=', userId))?.enrolment === enrolment;
}

export function dropLocalCopy({ q, db }: Pick<Store, 'q' | 'db'>, userId: string): void {
  q.run(db.deleteFrom('totp_local_copies').where('user_id', '=', userId));
}
