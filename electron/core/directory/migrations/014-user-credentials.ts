import { sql, type Kysely } from 'kysely';

// Sign-in secrets leave the users table (projected from the directory, which every device of the
// organization reads) for their own table, projected from each user's credentials document. The
// rows are copied here; the directory module's onOpen moves the secrets between the documents.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('user_credentials')
    .addColumn('user_id', 'text', (c) => c.primaryKey())
    .addColumn('password_hash', 'text')
    .addColumn('pin_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_backup_code_hashes', 'text', (c) => c.notNull().defaultTo('[]'))
    .execute();
  await sql`INSERT INTO user_credentials (user_id, password_hash, pin_hash, totp_secret, totp_backup_code_hashes)
            SELECT id, password_hash, pin_hash, totp_secret, totp_backup_code_hashes FROM users`.execute(db);
  for (const column of ['password_hash', 'pin_hash', 'totp_secret', 'totp_backup_code_hashes']) {
    await sql`ALTER TABLE users DROP COLUMN ${sql.ref(column)}`.execute(db);
  }
}
