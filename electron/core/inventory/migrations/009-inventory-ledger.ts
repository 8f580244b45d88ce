import { sql, type Kysely } from 'kysely';

// The catalog (projected from the directory document), counts (from the locations' ops documents),
// the stock ledger (from the monthly log documents) and the balances the ledger sums to, kept by
// triggers in the same transaction as each movement's row. Never edited once shipped.
export async function up(db: Kysely<any>): Promise<void> {
  await sql`CREATE TABLE inventory_suppliers (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    contact TEXT NOT NULL,
    phone TEXT NOT NULL,
    email TEXT NOT NULL,
    active INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL
  )`.execute(db);

  await sql`CREATE TABLE inventory_items (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    sku TEXT NOT NULL,
    category TEXT NOT NULL,
    storage_area TEXT NOT NULL,
    base_unit TEXT NOT NULL,
    packs TEXT NOT NULL,
    par_base INTEGER NOT NULL,
    reorder_point_base INTEGER NOT NULL,
    unit_cost_milli_cents INTEGER NOT NULL,
    supplier_id TEXT,
    perishable INTEGER NOT NULL,
    shelf_life_days INTEGER,
    tcs INTEGER NOT NULL,
    active INTEGER NOT NULL,
    created_at_ms INTEGER NOT NULL
  )`.execute(db);
  await sql`CREATE INDEX inventory_items_name ON inventory_items (name)`.execute(db);

  await sql`CREATE TABLE stock_movements (
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
  // An item's history page at a location, newest first.
  await sql`CREATE INDEX stock_movements_item ON stock_movements (location_id, item_id, at_ms, id)`.execute(db);
  await sql`CREATE INDEX stock_movements_reverses ON stock_movements (reverses_id) WHERE reverses_id IS NOT NULL`.execute(db);
  await sql`CREATE INDEX stock_movements_transfer ON stock_movements (transfer_id, kind) WHERE transfer_id IS NOT NULL`.execute(db);

  // The materialized balances: the on-hand list reads these, never the ledger.
  await sql`CREATE TABLE stock_balances (
    location_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    on_hand_base INTEGER NOT NULL,
    PRIMARY KEY (location_id, item_id)
  ) WITHOUT ROWID`.execute(db);
  await sql`CREATE TABLE stock_lots (
    location_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    lot TEXT NOT NULL,
    expires_on TEXT,
    on_hand_base INTEGER NOT NULL,
    PRIMARY KEY (location_id, item_id, lot)
  ) WITHOUT ROWID`.execute(db);
  await sql`CREATE INDEX stock_lots_expiry ON stock_lots (location_id, expires_on) WHERE on_hand_base <> 0`.execute(db);

  // Same transaction as the movement's row, whoever inserts it (projection, bench, a repair).
  await sql`CREATE TRIGGER stock_movements_balance AFTER INSERT ON stock_movements BEGIN
    INSERT INTO stock_balances (location_id, item_id, on_hand_base) VALUES (NEW.location_id, NEW.item_id, NEW.delta_base)
      ON CONFLICT (location_id, item_id) DO UPDATE SET on_hand_base = on_hand_base + NEW.delta_base;
    INSERT INTO stock_lots (location_id, item_id, lot, expires_on, on_hand_base) VALUES (NEW.location_id, NEW.item_id, NEW.lot, NEW.expires_on, NEW.delta_base)
      ON CONFLICT (location_id, item_id, lot) DO UPDATE SET on_hand_base = on_hand_base + NEW.delta_base, expires_on = COALESCE(expires_on, NEW.expires_on);
  END`.execute(db);
  // A movement is a fact: the ledger refuses to change or lose one.
  await sql`CREATE TRIGGER stock_movements_no_update BEFORE UPDATE ON stock_movements BEGIN
    SELECT RAISE(ABORT, 'stock movements are never changed; post a reversal');
  END`.execute(db);
  await sql`CREATE TRIGGER stock_movements_no_delete BEFORE DELETE ON stock_movements BEGIN
    SELECT RAISE(ABORT, 'stock movements are never deleted; post a reversal');
  END`.execute(db);

  await sql`CREATE TABLE stock_counts (
    id TEXT PRIMARY KEY,
    location_id TEXT NOT NULL,
    storage_area TEXT NOT NULL,
    status TEXT NOT NULL,
    blind INTEGER NOT NULL,
    started_at_ms INTEGER NOT NULL,
    started_by TEXT NOT NULL,
    decided_at_ms INTEGER,
    decided_by TEXT
  )`.execute(db);
  await sql`CREATE TABLE stock_count_lines (
    count_id TEXT NOT NULL,
    item_id TEXT NOT NULL,
    pack_name TEXT NOT NULL,
    pack_qty REAL NOT NULL,
    counted_base INTEGER NOT NULL,
    at_ms INTEGER NOT NULL,
    PRIMARY KEY (count_id, item_id)
  ) WITHOUT ROWID`.execute(db);
}
