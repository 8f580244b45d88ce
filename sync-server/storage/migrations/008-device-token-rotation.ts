import { sql, type Kysely, type Migration } from 'kysely';
import { TENANT_ROLE } from '../schema';

/**
 * Device tokens expire and are replaced by refreshing: `token_expires_at` on the device (null for a
 * token issued before this migration: it expires a full lifetime after the device enrolled), and
 * the tokens a refresh replaced, still accepted for a short grace in case its answer never arrived.
 */
export const deviceTokenRotation: Migration = {
  async up(db: Kysely<any>) {
    await db.schema.alterTable('devices').addColumn('token_expires_at', 'bigint').execute();
    await db.schema
      .createTable('retired_device_tokens')
      .addColumn('token_hash', 'text', (c) => c.primaryKey())
      .addColumn('tenant_id', 'text', (c) => c.notNull().references('tenants.id'))
      .addColumn('device_id', 'text', (c) => c.notNull().references('devices.id'))
      .addColumn('valid_until', 'bigint', (c) => c.notNull())
      .execute();
    await sql.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON retired_device_tokens TO ${TENANT_ROLE}`).execute(db);
    await sql.raw('ALTER TABLE retired_device_tokens ENABLE ROW LEVEL SECURITY').execute(db);
    await sql
      .raw(
        `CREATE POLICY retired_device_tokens_tenant ON retired_device_tokens
           USING (tenant_id = current_setting('opsflow.tenant_id', true))
           WITH CHECK (tenant_id = current_setting('opsflow.tenant_id', true))`,
      )
      .execute(db);
  },
};
