import type BetterSqlite3 from 'better-sqlite3';
import { CATALOG_MAPS, INVENTORY_OPS_MAPS } from '../../../domain/inventory/catalog-records';
import { countLineRows, countRows, itemRows, movementRows, supplierRows, type StockMovementsRow } from '../../../domain/inventory/rows';
import { receivingCheckRows, type ReceivingChecksRow } from '../../../domain/inventory/receiving-check-rows';
import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import { TRANSFER_NOTICES_MAP, transferNoticeRows } from '../../../domain/inventory/transfer-notices';
import { isSkipped } from '../../../domain/sync/rows';
import type { FactKind } from '../feature-module';
import type { Store } from '../store';
import type { MapProjection } from '../sync/projection-registry';

/** The catalog maps of the directory document and the counts of each ops document, into their tables. */
export function inventoryProjections({ q, db, log }: Store): MapProjection[] {
  return [
    {
      docKind: 'directory',
      map: CATALOG_MAPS.items,
      changes: 'inventoryItems',
      apply({ key, value }) {
        const rows = itemRows(key, value);
        if (isSkipped(rows)) return log.warn({ itemId: key, reason: rows.skipped }, 'skipped a malformed catalog item');
        const { id: _id, ...row } = rows.item;
        q.run(db.insertInto('inventory_items').values(rows.item).onConflict((oc) => oc.column('id').doUpdateSet(row)));
      },
    },
    {
      docKind: 'directory',
      map: CATALOG_MAPS.suppliers,
      changes: 'inventoryItems',
      apply({ key, value }) {
        const rows = supplierRows(key, value);
        if (isSkipped(rows)) return log.warn({ supplierId: key, reason: rows.skipped }, 'skipped a malformed supplier');
        const { id: _id, ...row } = rows.supplier;
        q.run(db.insertInto('inventory_suppliers').values(rows.supplier).onConflict((oc) => oc.column('id').doUpdateSet(row)));
      },
    },
    {
      docKind: 'ops',
      map: INVENTORY_OPS_MAPS.counts,
      changes: 'stockCounts',
      apply({ docName, key, value }) {
        const rows = countRows(docName, key, value);
        if (isSkipped(rows)) return log.warn({ countId: key, reason: rows.skipped }, 'skipped a malformed stock count');
        const { id: _id, ...row } = rows.count;
        q.run(db.insertInto('stock_counts').values(rows.count).onConflict((oc) => oc.column('id').doUpdateSet(row)));
      },
    },
    {
      docKind: 'ops',
      map: INVENTORY_OPS_MAPS.countLines,
      changes: 'stockCounts',
      apply({ key, value }) {
        const rows = countLineRows(key, value);
        if (isSkipped(rows)) return log.warn({ key, reason: rows.skipped }, 'skipped a malformed count line');
        const { count_id: _c, item_id: _i, ...row } = rows.line;
        q.run(db.insertInto('stock_count_lines').values(rows.line).onConflict((oc) => oc.columns(['count_id', 'item_id']).doUpdateSet(row)));
      },
    },
    {
      // Another location's transfer movements, copied here by the hub: a movement never changes, so the first copy stays.
      docKind: 'ops',
      map: TRANSFER_NOTICES_MAP,
      changes: 'stock',
      apply({ docName, key, value }) {
        if (value === undefined) return;
        const rows = transferNoticeRows(docName, key, value);
        if (isSkipped(rows)) return log.warn({ key, reason: rows.skipped }, 'skipped a malformed transfer notice');
        q.run(db.insertInto('transfer_notices').values(rows.notice).onConflict((oc) => oc.column('id').doNothing()));
      },
    },
  ];
}

/**
 * Writes the ledger rows of a batch of movements; the balance and lot triggers run in the same
 * transaction. A movement already there (same id: the same batch arriving twice) is left alone, so
 * nothing is counted twice. (ON CONFLICT DO NOTHING, not INSERT OR IGNORE: an OR clause would
 * also override the conflict handling of the statements inside the balance trigger.)
 */
export class MovementProjection {
  private readonly insert: BetterSqlite3.Statement<[StockMovementsRow]>;

  constructor(
    sqlite: BetterSqlite3.Database,
    private readonly log: Store['log'],
  ) {
    this.insert = sqlite.prepare(
      `INSERT INTO stock_movements (id, location_id, item_id, kind, delta_base, lot, expires_on, at_ms, actor_id, actor_name, reason, note,
         supplier_id, reverses_id, transfer_id, other_location_id, count_id, unit_cost_milli_cents)
       VALUES (@id, @location_id, @item_id, @kind, @delta_base, @lot, @expires_on, @at_ms, @actor_id, @actor_name, @reason, @note,
         @supplier_id, @reverses_id, @transfer_id, @other_location_id, @count_id, @unit_cost_milli_cents)
       ON CONFLICT (id) DO NOTHING`,
    );
  }

  project(docName: string, batch: Uint8Array): void {
    const rows = movementRows(docName, batch);
    if (isSkipped(rows)) {
      this.log.warn({ docName, err: rows.skipped }, 'skipped a damaged batch of stock movements');
      return;
    }
    for (const row of rows.movements) this.insert.run(row);
  }
}

/** Receiving checks are facts: a row already there (same id) stays as it is; a damaged batch is skipped whole. */
export function receivingCheckFactKind({ sqlite, log }: Store): FactKind {
  const insert = sqlite.prepare<[ReceivingChecksRow]>(
    `INSERT INTO receiving_checks (id, location_id, item_id, item_name, supplier_id, holding, temp_centi_c, received_frozen, passed, decision, corrective_action, qty_base, lot, movement_id, at_ms, actor_id, actor_name)
     VALUES (@id, @location_id, @item_id, @item_name, @supplier_id, @holding, @temp_centi_c, @received_frozen, @passed, @decision, @corrective_action, @qty_base, @lot, @movement_id, @at_ms, @actor_id, @actor_name)
     ON CONFLICT (id) DO NOTHING`,
  );
  return {
    kind: BATCH_KIND.receivingChecks,
    changes: 'stock',
    project(docName, batch) {
      const rows = receivingCheckRows(docName, batch);
      if (isSkipped(rows)) return log.warn({ docName, err: rows.skipped }, 'skipped a damaged batch of receiving checks');
      for (const row of rows.checks) insert.run(row);
    },
  };
}
