import { sql, type Kysely, type Migration } from 'kysely';
import { TENANT_ROLE, TENANT_TABLES } from '../schema';

export const initial: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('tenants')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('locations')
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('locations_pk', ['tenant_id', 'id'])
      .execute();
    await db.schema
      .createTable('devices')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('location_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('can_write', 'boolean', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await db.schema
      .createTable('enrollment_codes')
      .addColumn('code_hash', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('location_id', 'text', (c) => c.notNull())
      .addColumn('can_write', 'boolean', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('expires_at', 'bigint', (c) => c.notNull())
      .addColumn('used_at', 'bigint')
      .execute();
    await db.schema
      .createTable('doc_updates')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('doc_name', 'text', (c) => c.notNull())
      .addColumn('seq', 'bigint', (c) => c.notNull().generatedByDefaultAsIdentity())
      .addColumn('update', 'bytea', (c) => c.notNull())
      .addPrimaryKeyConstraint('doc_updates_pk', ['doc_name', 'seq'])
      .execute();
    await db.schema
      .createTable('audit_heads')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('location_id', 'text', (c) => c.notNull())
      .addColumn('entry_count', 'integer', (c) => c.notNull())
      .addColumn('head_hash', 'text', (c) => c.notNull())
      .addColumn('updated_at', 'bigint', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_heads_pk', ['tenant_id', 'device_id'])
      .execute();
    await db.schema
      .createTable('alerts')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('severity', 'text', (c) => c.notNull())
      .addColumn('kind', 'text', (c) => c.notNull())
      .addColumn('message', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .execute();

    // Roles belong to the whole server, so another hub database may have made it already.
    await sql
      .raw(
        `DO $$ BEGIN
           IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '${TENANT_ROLE}') THEN CREATE ROLE ${TENANT_ROLE} NOLOGIN; END IF;
         END $$`,
      )
      .execute(db);
    // The hub's own login switches to the tenant role per transaction, so it must be a member.
    await sql
      .raw(
        `DO $$ BEGIN
           IF NOT pg_has_role(current_user, '${TENANT_ROLE}', 'MEMBER') THEN EXECUTE format('GRANT ${TENANT_ROLE} TO %I', current_user); END IF;
         END $$`,
      )
      .execute(db);
    for (const table of TENANT_TABLES) {
      await sql.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON ${table} TO ${TENANT_ROLE}`).execute(db);
      await sql.raw(`ALTER TABLE ${table} ENABLE ROW LEVEL SECURITY`).execute(db);
      await sql
        .raw(
          `CREATE POLICY ${table}_tenant ON ${table}
             USING (tenant_id = current_setting('opsflow.tenant_id', true))
             WITH CHECK (tenant_id = current_setting('opsflow.tenant_id', true))`,
        )
        .execute(db);
    }
    await sql.raw(`GRANT SELECT ON tenants TO ${TENANT_ROLE}`).execute(db);
  },
};
