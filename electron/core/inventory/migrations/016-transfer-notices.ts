import { sql, type Kysely } from 'kysely';

// Transfer movements of other locations, copied into this location's ops document by the hub
// (domain/inventory/transfer-notices.ts): the rows of stock_movements' shape, outside the ledger
// (no balance trigger). transfer_movements is what this PC knows of every transfer: its own
// ledger's transfer and reversal rows, and the notices of movements it does not hold itself.
// Never edited once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE transfer_notices (
    id TEXT PRIMARY KEY,
    location_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    kind TEXT NOT NULL,
    delta_base INTEGER NOT NULL,
    lot TEXT NOT NULL,
    expires_on TEXT,
    at_ms INTEGER NOT NULL,
    actor_id TEXT,
    actor_name TEXT NOT NULL,
    reason TEXT NOT NULL,
    note TEXT NOT NULL,
    supplier_id TEXT,
    reverses_id TEXT,
    transfer_id TEXT,
    other_location_id TEXT,
    count_id TEXT,
    unit_cost_milli_cents INTEGER NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX transfer_notices_transfer ON transfer_notices (transfer_id, kind) WHERE transfer_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX transfer_notices_reverses ON transfer_notices (reverses_id) WHERE reverses_id IS NOT NULL`.execute(db);
  await sql`CREATE VIEW transfer_movements AS
    SELECT * FROM stock_movements WHERE transfer_id IS NOT NULL OR reverses_id IS NOT NULL
    UNION ALL
    SELECT * FROM transfer_notices n WHERE NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.id = n.id)`.execute(db);
}
