import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import * as Y from 'yjs';
import { CATALOG_MAPS, type ItemRecord } from '../../domain/inventory/catalog-records';
import { directoryDocName, opsDocName } from '../../domain/sync/doc-names';
import { DB_FILE_NAME } from '../../electron/core/engine';
import { approveCount, countRow, enterCount, startCount, submitCount } from '../../electron/core/inventory/counts';
import { history, onHand, onHandSql } from '../../electron/core/inventory/stock-views';
import { openTestEngine, setUpOrganization } from '../../electron/core/testing/test-engine';
import { tablesRead } from '../../electron/core/testing/tables-read';
import { figureResult, type Bench, type Figure } from '../figure';
import { measurePair, median } from '../measure';

const ITEMS = 5_000;
const MOVEMENTS = 2_000_000;
const AREAS = 10; // 500 items each: a count of one area is a 500-line count
const PAGE = 50;
const COUNT_ROUNDS = 7;
const ACTOR = { id: null, name: 'bench' };

const itemId = (i: number) => `item-${String(i).padStart(5, '0')}`;

/**
 * A restaurant with 5,000 catalog items and 2,000,000 stock movements (400 per item). The ledger
 * rows go in through the projection's own INSERT, so the balance triggers keep stock_balances as
 * they would; the Yjs log documents are left out (the figures time reads, and the count below,
 * which takes the whole path). Three figures, each against raw SQLite in the same run:
 *  - inventory-2m.onhand: the on-hand list of the location (5,000 rows with values) vs a plain
 *    SELECT of the balance rows joined to the catalog on a second connection. The engine's query
 *    plan is checked first: it must not read the ledger.
 *  - inventory-2m.history: an item's newest history page (50) vs the same rows by a plain SELECT.
 *  - inventory-2m.count500: approving a 500-line count (the document batch, the count record, the
 *    projection, 500 ledger rows and their balance triggers, one transaction) vs the same 500 rows
 *    as plain INSERTs into the same ledger in one transaction.
 */
export const inventory2m: Figure = {
  name: 'inventory-2m',
  description: 'inventory with 5,000 items and 2,000,000 movements: on-hand list, item history page, posting a 500-line count, each vs raw SQLite (ms)',
  async run(bench: Bench) {
    const dir = bench.workDir('inventory');
    const engine = await openTestEngine({ dataDir: dir });
    let raw: BetterSqlite3.Database | null = null;
    try {
      await setUpOrganization(engine);
      const ctx = engine.context;
      const identity = ctx.identity()!;
      const locationId = identity.homeLocationId;

      const started = performance.now();
      ctx.docs.change(directoryDocName(identity.tenantId), (doc) => {
        const map = doc.getMap(CATALOG_MAPS.items);
        for (let i = 0; i < ITEMS; i++) {
          const record: ItemRecord = {
            name: `Item ${String(i).padStart(5, '0')}`, sku: `SKU-${i}`, category: `Category ${i % 25}`, storageArea: `Area ${i % AREAS}`, baseUnit: 'g',
            packs: [{ name: 'case', baseQty: 6000 }, { name: 'kg', baseQty: 1000 }], parBase: 60_000, reorderPointBase: 20_000, unitCostMilliCents: 50 + (i % 400),
            supplierId: null, perishable: false, shelfLifeDays: null, tcs: false, active: true, createdAtMs: 0,
          };
          map.set(itemId(i), new Y.Map(Object.entries(record)));
        }
      });
      const insert = ctx.sqlite.prepare(
        `INSERT INTO stock_movements (id, location_id, item_id, kind, delta_base, lot, expires_on, at_ms, actor_id, actor_name, reason, note, supplier_id, reverses_id, transfer_id, other_location_id, count_id, unit_cost_milli_cents)
         VALUES (?, ?, ?, ?, ?, '', NULL, ?, NULL, 'bench', '', '', NULL, NULL, NULL, NULL, NULL, 100) ON CONFLICT (id) DO NOTHING`,
      );
      // A large page cache while the fixture is built only: 2,000,000 rows inserted by item would
      // otherwise thrash the ledger's item index. The figures run with the engine's own settings.
      const cacheSize = ctx.sqlite.pragma('cache_size', { simple: true });
      ctx.sqlite.pragma('cache_size = -262144');
      const t0 = Date.UTC(2025, 0, 1);
      const CHUNK = 100_000;
      for (let from = 0; from < MOVEMENTS; from += CHUNK) {
        ctx.sqlite.transaction(() => {
          for (let n = from; n < from + CHUNK; n++) {
            const item = n % ITEMS;
            const round = Math.floor(n / ITEMS);
            // Each item: a delivery, then uses and deliveries alternating.
            const receive = round % 2 === 0;
            insert.run(`m-${String(n).padStart(8, '0')}`, locationId, itemId(item), receive ? 'receive' : 'use', receive ? 30_000 : -29_000, t0 + n * 15_000);
          }
        })();
      }
      ctx.sqlite.pragma(`cache_size = ${cacheSize}`);
      const importMs = performance.now() - started;
      const sums = ctx.sqlite.prepare('SELECT COUNT(*) AS n, SUM(on_hand_base) AS total FROM stock_balances').get() as { n: number; total: number };
      const ledger = ctx.sqlite.prepare('SELECT SUM(delta_base) AS total FROM stock_movements').get() as { total: number };
      if (sums.n !== ITEMS || sums.total !== ledger.total) throw new Error(`balances (${sums.n} rows, ${sums.total}) do not match the ledger (${ledger.total})`);
      bench.note(`  ${ITEMS.toLocaleString('en')} items and ${MOVEMENTS.toLocaleString('en')} movements in ${(importMs / 1000).toFixed(1)} s; balances match the ledger`);
      ctx.sqlite.pragma('wal_checkpoint(TRUNCATE)');

      const results = [];
      const filter = { search: '', category: null, storageArea: null, onlyBelowReorderPoint: false };
      const tables = tablesRead(ctx.sqlite, onHandSql(filter), { locationId, today: '2026-01-01' });
      if (tables.includes('stock_movements')) throw new Error(`the on-hand list reads the ledger (it opens ${tables.join(', ')})`);
      bench.note(`  the on-hand list opens ${tables.join(', ')}: not the ledger`);

      raw = new BetterSqlite3(join(dir, DB_FILE_NAME), { readonly: true });
      const plainOnHand = raw.prepare(
        'SELECT i.*, b.on_hand_base FROM stock_balances b JOIN inventory_items i ON i.id = b.item_id WHERE b.location_id = ? ORDER BY i.name, i.id',
      );
      const list = () => onHand(ctx, locationId, filter);
      const plain = () => plainOnHand.all(locationId);
      if (list().length !== ITEMS || plain().length !== ITEMS) throw new Error('the on-hand list does not have every item');
      const onHandTiming = await measurePair(list, plain, { warmup: 3, iterations: 15 });
      const ledgerSumMs = (await measurePair(() => raw!.prepare('SELECT item_id, SUM(delta_base) FROM stock_movements WHERE location_id = ? GROUP BY item_id').all(locationId), plain, { warmup: 1, iterations: 3 })).value.medianMs;
      bench.note(`  on hand: list ${onHandTiming.value.medianMs.toFixed(1)} ms, plain SELECT ${onHandTiming.reference.medianMs.toFixed(1)} ms (summing the ledger instead: ${ledgerSumMs.toFixed(0)} ms)`);
      results.push(figureResult('inventory-2m.onhand', 'ms', onHandTiming.value.medianMs, onHandTiming.reference.medianMs));

      const target = itemId(2_345);
      const plainHistory = raw.prepare('SELECT * FROM stock_movements WHERE location_id = ? AND item_id = ? ORDER BY at_ms DESC, id DESC LIMIT ?');
      const page = () => history(ctx, locationId, target, null, PAGE);
      const plainPage = () => plainHistory.all(locationId, target, PAGE);
      if (page().movements.length !== PAGE || plainPage().length !== PAGE) throw new Error('the history page is not full');
      const historyTiming = await measurePair(page, plainPage, { warmup: 20, iterations: 201 });
      bench.note(`  history page: ${historyTiming.value.medianMs.toFixed(3)} ms, plain SELECT ${historyTiming.reference.medianMs.toFixed(3)} ms`);
      results.push(figureResult('inventory-2m.history', 'ms', historyTiming.value.medianMs, historyTiming.reference.medianMs));

      // The reference posts the same 500 adjustments as plain INSERTs into the same ledger (its
      // balance triggers included: they are the schema), one transaction: the SQL a count must do.
      const rawInsert = ctx.sqlite.prepare(
        `INSERT INTO stock_movements (id, location_id, item_id, kind, delta_base, lot, expires_on, at_ms, actor_id, actor_name, reason, note, supplier_id, reverses_id, transfer_id, other_location_id, count_id, unit_cost_milli_cents)
         VALUES (?, ?, ?, 'countAdjustment', ?, '', NULL, ?, NULL, 'bench', '', '', NULL, NULL, NULL, NULL, ?, 100)`,
      );
      let refRound = 0;
      const reference = ctx.sqlite.transaction((countId: string, area: number) => {
        for (let k = 0; k < 500; k++) rawInsert.run(`${countId}-${k}`, locationId, itemId(k * AREAS + area), -1, Date.now(), countId);
      });
      const engineMs: number[] = [];
      const referenceMs: number[] = [];
      for (let round = 0; round < COUNT_ROUNDS; round++) {
        const area = `Area ${round % AREAS}`;
        const countId = startCount(ctx, locationId, area, true, ACTOR);
        const count = () => countRow(ctx, countId)!;
        for (let k = 0; k < 500; k++) enterCount(ctx, count(), itemId(k * AREAS + (round % AREAS)), 'g', 1000 + round + (k % 7));
        submitCount(ctx, count());
        // The 500 entries leave the ops document due for compaction, which would otherwise run at the end of the next change.
        ctx.docs.compact(opsDocName(identity.tenantId, locationId));
        let start = performance.now();
        const posted = approveCount(ctx, count(), ACTOR);
        engineMs.push(performance.now() - start);
        if (posted !== 500) throw new Error(`the count posted ${posted} adjustments, not 500`);
        start = performance.now();
        reference(`ref-${refRound++}`, round % AREAS);
        referenceMs.push(performance.now() - start);
      }
      const post = median(engineMs);
      const ref = median(referenceMs);
      bench.note(`  500-line count: approve and post ${post.toFixed(1)} ms, the same 500 rows as plain INSERTs ${ref.toFixed(1)} ms`);
      results.push(figureResult('inventory-2m.count500', 'ms', post, ref));
      return results;
    } finally {
      raw?.close();
      engine.close();
    }
  },
};
