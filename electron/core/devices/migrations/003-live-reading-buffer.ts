import { sql, type Kysely } from 'kysely';

// Live readings wait here, on disk, until their window is packed into one batch per sensor: a
// crash loses nothing, and the log documents still get one entry per sensor per window.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE live_reading_buffer (
    sensor_id TEXT NOT NULL,
    at_ms INTEGER NOT NULL,
    raw_centi_c INTEGER NOT NULL,
    PRIMARY KEY (sensor_id, at_ms)
  ) WITHOUT ROWID`.execute(db);
}
