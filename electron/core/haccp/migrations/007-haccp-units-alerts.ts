import { sql, type Kysely } from 'kysely';

// HACCP's monitored units (projected from the location's ops document), the unit each sensor
// watches, the out-of-range runs found in the readings (kept by the readings projection as
// readings arrive), and alerts (projected from the ops document: open, acknowledged and closed
// alike, so a closed alert keeps its history). Never edited once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('haccp_units')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('limit_centi_c', 'integer')
    .addColumn('alarm_delay_min', 'integer', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('haccp_units_location').on('haccp_units').columns(['location_id', 'name']).execute();

  await db.schema.alterTable('sensors').addColumn('unit_id', 'text').execute();
  await db.schema.createIndex('sensors_unit').on('sensors').column('unit_id').execute();

  await sql`CREATE TABLE haccp_runs (
    sensor_id TEXT NOT NULL,
    start_ms INTEGER NOT NULL,
    end_ms INTEGER,
    last_out_ms INTEGER NOT NULL,
    peak_centi_c INTEGER NOT NULL,
    limit_centi_c INTEGER NOT NULL,
    limit_kind TEXT NOT NULL,
    readings INTEGER NOT NULL,
    PRIMARY KEY (sensor_id, start_ms)
  ) WITHOUT ROWID`.execute(db);

  await db.schema
    .createTable('alerts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('raised_at_ms', 'integer', (c) => c.notNull())
    .addColumn('acknowledged_at_ms', 'integer')
    .addColumn('acknowledged_by', 'text')
    .addColumn('ended_at_ms', 'integer')
    .addColumn('escalated_at_ms', 'integer')
    .addColumn('escalated_to', 'text')
    .addColumn('closed_at_ms', 'integer')
    .addColumn('closed_reason', 'text')
    .execute();
  await db.schema.createIndex('alerts_open').on('alerts').columns(['location_id', 'closed_at_ms', 'raised_at_ms']).execute();
}
