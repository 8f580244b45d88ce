import { sql, type Kysely } from 'kysely';

// Shipped migrations are never edited: a change to the schema is a new numbered file.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.createTable('meta').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();

  await db.schema
    .createTable('y_updates')
    .addColumn('seq', 'integer', (c) => c.primaryKey().autoIncrement())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('update', 'blob', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('y_updates_doc').on('y_updates').columns(['doc', 'seq']).execute();

  await db.schema
    .createTable('locations')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('address', 'text', (c) => c.notNull())
    .addColumn('time_zone', 'text', (c) => c.notNull())
    .addColumn('temperature_unit', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'integer', (c) => c.notNull())
    .execute();

  // No UNIQUE on username: two offline sites may each create one; the projection must never fail
  // on merged data. The engine refuses a duplicate it can see, and sign-in prefers the active user.
  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('username', 'text', (c) => c.notNull())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('pin_hash', 'text')
    .addColumn('totp_secret', 'text')
    .addColumn('totp_backup_code_hashes', 'text', (c) => c.notNull())
    .addColumn('temperature_unit', 'text', (c) => c.notNull())
    .addColumn('created_at_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('users_username').on('users').column('username').execute();

  await db.schema
    .createTable('user_locations')
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('user_locations_pk', ['user_id', 'location_id'])
    .execute();

  await db.schema.createTable('organization_settings').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();
  await db.schema.createTable('device_settings').addColumn('key', 'text', (c) => c.primaryKey()).addColumn('value', 'text', (c) => c.notNull()).execute();

  await db.schema
    .createTable('sign_in_attempts')
    .addColumn('username', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('locked_until_ms', 'integer')
    .addColumn('last_failure_ms', 'integer', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('audit_entries')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('device_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('location_id', 'text')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text')
    .addColumn('entity_id', 'text')
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('risk', 'text', (c) => c.notNull())
    .addColumn('prev_hash', 'text', (c) => c.notNull())
    .addColumn('hash', 'text', (c) => c.notNull())
    .addUniqueConstraint('audit_entries_device_seq', ['device_id', 'seq'])
    .execute();
  // Keyset paging newest-first, overall and per filter, without scanning a million rows.
  await db.schema.createIndex('audit_entries_time').on('audit_entries').columns(['at_ms', 'id']).execute();
  await db.schema.createIndex('audit_entries_actor_time').on('audit_entries').columns(['actor_id', 'at_ms', 'id']).execute();
  await db.schema.createIndex('audit_entries_risk_time').on('audit_entries').columns(['risk', 'at_ms', 'id']).execute();
  await db.schema.createIndex('audit_entries_action_time').on('audit_entries').columns(['action', 'at_ms', 'id']).execute();

  // The audit table is append-only, whoever holds the file: UPDATE and DELETE are refused.
  await sql`CREATE TRIGGER audit_entries_no_update BEFORE UPDATE ON audit_entries
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END`.execute(db);
  await sql`CREATE TRIGGER audit_entries_no_delete BEFORE DELETE ON audit_entries
    BEGIN SELECT RAISE(ABORT, 'audit entries are append-only'); END`.execute(db);

  await db.schema
    .createTable('backups')
    .addColumn('path', 'text', (c) => c.primaryKey())
    .addColumn('created_at_ms', 'integer', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('verified', 'integer', (c) => c.notNull())
    .execute();
}
