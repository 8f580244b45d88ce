import type { Kysely } from 'kysely';

// The backups OpsFlow wrote, by the file's SHA-256 (projected from backup record batches in the
// log documents): a restore tells these apart from foreign files. Never edited once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('backup_records')
    .addColumn('sha256', 'text', (c) => c.primaryKey())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('actor_id', 'text')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('station_id', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .execute();
}
