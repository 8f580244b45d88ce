import { endStandingAlertsExcept, raiseStandingAlert } from '../alerts/standing-alerts';
import type { EngineContext } from '../context';
import { expiring, lowStock } from './stock-views';

/** Lots expiring within this many days are announced. */
const EXPIRY_NOTICE_DAYS = 2;

/**
 * Stock at this PC's location: an item below its reorder point (warning), a lot expiring within
 * two days (warning) or expired with stock left (critical). Each condition ends when restocked,
 * used up or thrown out.
 */
export function checkStockAlerts(ctx: EngineContext): void {
  const identity = ctx.identity();
  if (!identity) return;
  const locationId = identity.homeLocationId;
  const low = lowStock(ctx, locationId);
  for (const row of low) {
    raiseStandingAlert(ctx, {
      locationId,
      kind: 'lowStock',
      subjectId: row.itemId,
      severity: 'warning',
      title: `Low stock: ${row.itemName}`,
      detail: `${row.onHandBase} ${row.baseUnit} on hand, reorder point ${row.reorderPointBase} ${row.baseUnit}: order ${row.suggested.packs} ${row.suggested.packName ?? row.baseUnit}.`,
    });
  }
  endStandingAlertsExcept(ctx, locationId, 'lowStock', new Set(low.map((r) => r.itemId)), 'Back above the reorder point.');

  const lots = expiring(ctx, locationId, EXPIRY_NOTICE_DAYS);
  const subjects = new Set<string>();
  for (const lot of lots) {
    // The lot and its state name the subject: a lot going from "expiring" to "expired" is a new, critical alert.
    const subjectId = `${lot.itemId}:${lot.lot}:${lot.state}`;
    subjects.add(subjectId);
    const expired = lot.state === 'expired';
    raiseStandingAlert(ctx, {
      locationId,
      kind: 'expiringStock',
      subjectId,
      severity: expired ? 'critical' : 'warning',
      title: `${expired ? 'Expired' : 'Expiring soon'}: ${lot.itemName}${lot.lot ? ` (lot ${lot.lot})` : ''}`,
      detail: `${lot.onHandBase} ${lot.baseUnit} ${expired ? 'expired on' : 'expire on'} ${lot.expiresOn}.`,
    });
  }
  endStandingAlertsExcept(ctx, locationId, 'expiringStock', subjects, 'No longer in stock (used, thrown out, or now expired).');
}
