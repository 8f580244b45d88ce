import type { Kysely } from 'kysely';

// Two-factor secrets travel in the users' credentials documents sealed with their password
// (auth/totp-password-seal.ts). Each PC also keeps the secrets it has opened, sealed with its own
// key, so that after an administrator resets a password the second factor still works (and is
// still asked for) on the PCs where it was used. Never synced, never projected.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('totp_local_copies')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('enrolment', 'text', (c) => c.notNull())
    .addColumn('sealed', 'text', (c) => c.notNull())
    .execute();
}
