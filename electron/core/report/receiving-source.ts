import type { ReportReceivingCheck } from '../../../domain/report/inspection-report';
import type { Store } from '../store';

/** The receiving checks of TCS food at a location in [fromMs, toMs), oldest first, with the supplier's name. */
export function receivingChecksIn(store: Store, locationId: string, fromMs: number, toMs: number): ReportReceivingCheck[] {
  return store.q
    .all(
      store.db
        .selectFrom('receiving_checks as c')
        .leftJoin('inventory_suppliers as s', 's.id', 'c.supplier_id')
        .select(['c.id', 'c.at_ms', 'c.item_name', 's.name as supplier', 'c.holding', 'c.temp_centi_c', 'c.received_frozen', 'c.passed', 'c.decision', 'c.corrective_action', 'c.actor_name'])
        .where('c.location_id', '=', locationId)
        .where('c.at_ms', '>=', fromMs)
        .where('c.at_ms', '<', toMs)
        .orderBy('c.at_ms')
        .orderBy('c.id'),
    )
    .map((r) => ({
      id: r.id,
      atMs: r.at_ms,
      item: r.item_name,
      supplier: r.supplier ?? null,
      holding: r.holding,
      tempCentiC: r.temp_centi_c,
      receivedFrozen: r.received_frozen === 1,
      passed: r.passed === 1,
      decision: r.decision,
      correctiveAction: r.corrective_action,
      by: r.actor_name,
    }));
}
