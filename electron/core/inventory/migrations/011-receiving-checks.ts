import { sql, type Kysely } from 'kysely';

// Receiving temperature checks of TCS food (projected from the monthly log documents): one per
// delivered line that was checked, accepted (with its receive movement) or rejected (without).
// Never edited once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE receiving_checks (
    id TEXT PRIMARY KEY,
    location_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    item_name TEXT NOT NULL,
    supplier_id TEXT,
    holding TEXT NOT NULL,
    temp_centi_c INTEGER NOT NULL,
    received_frozen INTEGER NOT NULL,
    passed INTEGER NOT NULL,
    decision TEXT NOT NULL,
    corrective_action TEXT NOT NULL,
    qty_base INTEGER NOT NULL,
    lot TEXT NOT NULL,
    movement_id TEXT,
    at_ms INTEGER NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX receiving_checks_movement ON receiving_checks (movement_id)`.execute(db);
  await sql`CREATE INDEX receiving_checks_item ON receiving_checks (location_id, item_id, at_ms)`.execute(db);
}
