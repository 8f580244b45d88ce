import type { Kysely } from 'kysely';

// Humidity beside temperature (RC-4HC, TEMPerHUM, TEMPerX232, XY-MD02: one sensor, two channels),
// and the bits the reading judges set on each reading when it is stored (HACCP's verdict).
// Hourly rollups count humidity apart: some readings of an hour may have none. Never edited once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('readings').addColumn('humidity_centi_pct', 'integer').execute();
  await db.schema
    .alterTable('readings')
    .addColumn('flags', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('live_reading_buffer').addColumn('humidity_centi_pct', 'integer').execute();
  await db.schema.alterTable('reading_rollups').addColumn('min_humidity_centi_pct', 'integer').execute();
  await db.schema.alterTable('reading_rollups').addColumn('max_humidity_centi_pct', 'integer').execute();
  await db.schema
    .alterTable('reading_rollups')
    .addColumn('sum_humidity_centi_pct', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema
    .alterTable('reading_rollups')
    .addColumn('humidity_count', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
}
