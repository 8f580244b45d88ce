import type { AuditActor } from '../audit/audit-writer';
import type { EngineContext } from '../context';

/** A materialized balance that did not match the ledger, before it was repaired. */
export interface BalanceDifference {
  table: 'stock_balances' | 'stock_lots';
  locationId: string;
  itemId: string;
  /** '' for the item's balance; the lot for a lot's. */
  lot: string;
  storedBase: number | null;
  ledgerBase: number;
}

const BALANCE_DIFFERENCES = `
  WITH ledger AS (SELECT location_id, item_id, SUM(delta_base) AS base FROM stock_movements GROUP BY location_id, item_id)
  SELECT 'stock_balances' AS "table", l.location_id AS locationId, l.item_id AS itemId, '' AS lot, b.on_hand_base AS storedBase, l.base AS ledgerBase
    FROM ledger l LEFT JOIN stock_balances b ON b.location_id = l.location_id AND b.item_id = l.item_id
   WHERE b.on_hand_base IS NOT l.base
  UNION ALL
  SELECT 'stock_balances', b.location_id, b.item_id, '', b.on_hand_base, 0
    FROM stock_balances b
   WHERE b.on_hand_base <> 0 AND NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.location_id = b.location_id AND m.item_id = b.item_id)`;

const LOT_DIFFERENCES = `
  WITH ledger AS (SELECT location_id, item_id, lot, SUM(delta_base) AS base, MIN(expires_on) AS expires_on FROM stock_movements GROUP BY location_id, item_id, lot)
  SELECT 'stock_lots' AS "table", l.location_id AS locationId, l.item_id AS itemId, l.lot AS lot, s.on_hand_base AS storedBase, l.base AS ledgerBase
    FROM ledger l LEFT JOIN stock_lots s ON s.location_id = l.location_id AND s.item_id = l.item_id AND s.lot = l.lot
   WHERE s.on_hand_base IS NOT l.base
  UNION ALL
  SELECT 'stock_lots', s.location_id, s.item_id, s.lot, s.on_hand_base, 0
    FROM stock_lots s
   WHERE s.on_hand_base <> 0 AND NOT EXISTS (SELECT 1 FROM stock_movements m WHERE m.location_id = s.location_id AND m.item_id = s.item_id AND m.lot = s.lot)`;

/**
 * Recomputes every balance and lot from the ledger and repairs the materialized rows that differ,
 * in one transaction. A difference means a bug (the triggers keep them in step), so each repair
 * leaves a CRITICAL audit entry saying what was found.
 */
export function reconcileBalances(ctx: EngineContext, actor: AuditActor): BalanceDifference[] {
  return ctx.docs.transaction(
    () => {
      const differences = [
        ...(ctx.sqlite.prepare(BALANCE_DIFFERENCES).all() as BalanceDifference[]),
        ...(ctx.sqlite.prepare(LOT_DIFFERENCES).all() as BalanceDifference[]),
      ];
      if (differences.length === 0) return differences;
      const setBalance = ctx.sqlite.prepare(
        `INSERT INTO stock_balances (location_id, item_id, on_hand_base) VALUES (?, ?, ?)
         ON CONFLICT (location_id, item_id) DO UPDATE SET on_hand_base = excluded.on_hand_base`,
      );
      const setLot = ctx.sqlite.prepare(
        `INSERT INTO stock_lots (location_id, item_id, lot, expires_on, on_hand_base)
         VALUES (@loc, @item, @lot, (SELECT MIN(expires_on) FROM stock_movements WHERE location_id = @loc AND item_id = @item AND lot = @lot), @base)
         ON CONFLICT (location_id, item_id, lot) DO UPDATE SET on_hand_base = excluded.on_hand_base`,
      );
      for (const d of differences) {
        if (d.table === 'stock_balances') setBalance.run(d.locationId, d.itemId, d.ledgerBase);
        else setLot.run({ loc: d.locationId, item: d.itemId, lot: d.lot, base: d.ledgerBase });
      }
      ctx.audit.append(
        {
          action: 'inventory.reconcileRepaired',
          summary: `Stock reconciliation found ${differences.length} balance(s) that did not match the ledger and repaired them: ${differences
            .slice(0, 20)
            .map(describeDifference)
            .join('; ')}${differences.length > 20 ? '; …' : ''}`,
          risk: 'CRITICAL',
          entityType: 'stock',
        },
        actor,
      );
      return differences;
    },
    { immediate: true },
  );
}

/** "location L, item I (lot A): stored 90, ledger 100". */
export function describeDifference(d: BalanceDifference): string {
  return `location ${d.locationId}, item ${d.itemId}${d.table === 'stock_lots' ? ` (lot "${d.lot}")` : ''}: stored ${d.storedBase ?? 'nothing'}, ledger ${d.ledgerBase}`;
}
