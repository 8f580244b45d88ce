import { sql, type Kysely } from 'kysely';

// Sensors (projected from the location's ops document), readings and their hourly rollups
// (projected from the monthly log documents). Never edited once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('sensors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('location_id', 'text', (c) => c.notNull())
    .addColumn('device_serial', 'text', (c) => c.notNull())
    .addColumn('device_family', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('unit_label', 'text', (c) => c.notNull())
    .addColumn('interval_s', 'integer', (c) => c.notNull())
    .addColumn('calibration_offset_centi_c', 'integer', (c) => c.notNull())
    .addColumn('calibrated_at_ms', 'integer')
    .addColumn('calibration_due_ms', 'integer')
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('created_at_ms', 'integer', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('sensors_device').on('sensors').columns(['device_serial', 'channel']).execute();

  // (sensor, time) is the key: downloading the same logger twice adds nothing.
  await sql`CREATE TABLE readings (
    sensor_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    temp_centi_c INTEGER NOT NULL,
    raw_centi_c INTEGER NOT NULL,
    source INTEGER NOT NULL,
    PRIMARY KEY (sensor_id, at_ms)
  ) WITHOUT ROWID`.execute(db);

  // Min/max/sum/count per sensor and hour, kept by the projection in the same transaction, so a
  // year-long chart reads 8,760 rows, not 525,600.
  await sql`CREATE TABLE reading_rollups (
    sensor_id TEXT NOT NULL,
    hour_ms INTEGER NOT NULL,
    min_centi_c INTEGER NOT NULL,
    max_centi_c INTEGER NOT NULL,
    sum_centi_c INTEGER NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (sensor_id, hour_ms)
  ) WITHOUT ROWID`.execute(db);

  await db.schema
    .createTable('calibration_events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('sensor_id', 'text', (c) => c.notNull())
    .addColumn('device_serial', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('offset_centi_c', 'integer', (c) => c.notNull())
    .addColumn('previous_offset_centi_c', 'integer', (c) => c.notNull())
    .addColumn('at_ms', 'integer', (c) => c.notNull())
    .addColumn('due_ms', 'integer')
    .addColumn('actor_name', 'text', (c) => c.notNull())
    .addColumn('note', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('calibration_events_sensor').on('calibration_events').columns(['sensor_id', 'at_ms']).execute();
}
