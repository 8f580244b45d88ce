import { sql, type Kysely, type Migration } from 'kysely';
import { TENANT_ROLE } from '../schema';

/**
 * How far each log document has been projected: the Yjs state vector of the document when its
 * last projection committed, written in that projection's transaction. A hub that died between
 * storing an update and projecting it finds, on loading the document, the batches set after that
 * state vector and projects them.
 */
export const projectedState: Migration = {
  async up(db: Kysely<any>) {
    await db.schema
      .createTable('projected_state')
      .addColumn('tenant_id', 'text', (c) => c.notNull())
      .addColumn('doc_name', 'text', (c) => c.notNull())
      .addColumn('state_vector', 'bytea', (c) => c.notNull())
      .addPrimaryKeyConstraint('projected_state_pk', ['tenant_id', 'doc_name'])
      .execute();
    await sql.raw(`GRANT SELECT, INSERT, UPDATE, DELETE ON projected_state TO ${TENANT_ROLE}`).execute(db);
    await sql.raw('ALTER TABLE projected_state ENABLE ROW LEVEL SECURITY').execute(db);
    await sql
      .raw(
        `CREATE POLICY projected_state_tenant ON projected_state
           USING (tenant_id = current_setting('opsflow.tenant_id', true))
           WITH CHECK (tenant_id = current_setting('opsflow.tenant_id', true))`,
      )
      .execute(db);
  },
};
