import { sql, type Kysely } from 'kysely';

// Each user's clock (24h/12h) and date order (iso/dmy/mdy). A user record written before these
// existed has neither field and reads as the defaults, which these column defaults repeat.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`ALTER TABLE users ADD COLUMN clock TEXT NOT NULL DEFAULT '24h'`.execute(db);
  await sql`ALTER TABLE users ADD COLUMN date_style TEXT NOT NULL DEFAULT 'iso'`.execute(db);
}
