import { sql, type Kysely, type Migration } from 'kysely';
import { TENANT_ROLE } from '../schema';

/** Bearer tokens of a tenant's administrators for the admin API, stored hashed like device tokens. */
export const adminTokens: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('admin_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('created_at', 'bigint', (c) => c.notNull())
      .addColumn('revoked_at', 'bigint')
      .execute();
    await sql.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON admin_tokens TO ${TENANT_ROLE}`).execute(db);
    await sql.raw('ALTER TABLE admin_tokens ENABLE ROW LEVEL SECURITY').execute(db);
    await sql
      .raw(
        `CREATE POLICY admin_tokens_tenant ON admin_tokens
           USING (tenant_id = current_setting('opsflow.tenant_id', true))
           WITH CHECK (tenant_id = current_setting('opsflow.tenant_id', true))`,
      )
      .execute(db);
  },
};
