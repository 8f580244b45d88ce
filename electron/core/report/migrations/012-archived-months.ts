import type { Kysely } from 'kysely';

// The months of a location written to an archive file (data folder, archive/<location>/<yyyy-mm>.jsonl.gz)
// and whose readings left the everyday table. Their log documents keep every record. Never edited once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('archived_months')
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('month', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('readings', 'integer', (c) => c.notNull())
    .addColumn('records', 'integer', (c) => c.notNull())
    .addColumn('archived_at_ms', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('archived_months_pk', ['location_id', 'month'])
    .execute();
}
