import type { ItemFields } from '../../../domain/contract/inventory';
import type { Engine } from '../engine';
import { call } from '../testing/test-engine';

export { FLOUR, MILK } from './fixture-items';

/** Milk is TCS food: a delivery of it carries its receiving temperature, 3 °C (37.4 °F) here. */
export const COLD_ON_RECEIPT = { holding: 'cold', tempCentiC: 300, receivedFrozen: false, decision: null, correctiveAction: '' } as const;

export async function addItem(engine: Engine, token: string, fields: ItemFields): Promise<string> {
  return (await call(engine, 'inventory.saveItem', { itemId: null, fields }, token)).id;
}

/** On hand of an item at a location, as the on-hand list says (0 when not listed). */
export async function onHandOf(engine: Engine, token: string, locationId: string, itemId: string): Promise<number> {
  const rows = await call(engine, 'inventory.onHand', { locationId }, token);
  return rows.find((r) => r.item.id === itemId)?.onHandBase ?? 0;
}

/** The ledger's sum for an item at a location, straight from SQL. */
export function ledgerSum(engine: Engine, locationId: string, itemId: string): number {
  return Number(
    engine.context.sqlite.prepare('SELECT COALESCE(SUM(delta_base), 0) FROM stock_movements WHERE location_id = ? AND item_id = ?').pluck().get(locationId, itemId),
  );
}
