import { sql, type Kysely, type Migration } from 'kysely';
import { TENANT_ROLE } from '../schema';

/** Every audit entry's place in its device's chain, so entries arriving in any order can be checked. */
export const auditLinks: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('audit_links')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('device_id', 'text', (c) => c.notNull())
      .addColumn('seq', 'integer', (c) => c.notNull())
      .addColumn('prev_hash', 'text', (c) => c.notNull())
      .addColumn('hash', 'text', (c) => c.notNull())
      .addPrimaryKeyConstraint('audit_links_pk', ['tenant_id', 'device_id', 'seq'])
      .execute();
    await sql.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON audit_links TO ${TENANT_ROLE}`).execute(db);
    await sql.raw('ALTER TABLE audit_links ENABLE ROW LEVEL SECURITY').execute(db);
    await sql
      .raw(
        `CREATE POLICY audit_links_tenant ON audit_links
           USING (tenant_id = current_setting('opsflow.tenant_id', true))
           WITH CHECK (tenant_id = current_setting('opsflow.tenant_id', true))`,
      )
      .execute(db);
  },
};
