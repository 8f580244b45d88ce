import { ROLLUP_EXCURSION_DAYS, type RollupRow } from '../../../domain/contract/rollup';
import type { EngineContext } from '../context';
import { complianceDays } from '../corrective/compliance-days';
import { listExcursions } from '../haccp/excursion-queries';
import { lowStock, onHand } from '../inventory/stock-views';

const DAY_MS = 24 * 3600_000;
const ALL_STOCK = { search: '', category: null, storageArea: null, onlyBelowReorderPoint: false };

/**
 * One location's row, from what this PC holds: its own data, or (a regional office PC) what the hub
 * brought of another location's documents. Each number comes from the code its own screen uses.
 */
export function rollupRow(ctx: EngineContext, locationId: string): RollupRow {
  const home = ctx.identity()?.homeLocationId;
  const now = ctx.now();
  const openAlerts = ctx.sqlite.prepare('SELECT COUNT(*) FROM alerts WHERE location_id = ? AND closed_at_ms IS NULL').pluck().get(locationId) as number;
  const excursions = listExcursions(ctx, { locationIds: [locationId], fromMs: now - ROLLUP_EXCURSION_DAYS * DAY_MS });
  const sync = ctx.sync();
  return {
    locationId,
    name: ctx.directory.location(locationId)?.name ?? 'Unknown location',
    isThisDevice: locationId === home,
    complianceScore: complianceDays(ctx, locationId, 1).at(-1)?.score ?? null,
    openAlerts,
    excursionsWithoutSignedAction: excursions.filter((e) => !e.correctiveAction?.signoff).length,
    stockValueCents: onHand(ctx, locationId, ALL_STOCK).reduce((sum, row) => sum + row.valueCents, 0),
    lowStockItems: lowStock(ctx, locationId).length,
    lastSyncAtMs: locationId === home ? (sync?.status().lastSyncedAtMs ?? null) : (sync?.locationHeardAtMs(locationId) ?? null),
  };
}

/** The caller's locations: this PC's own first, then by name. */
export function rollup(ctx: EngineContext, locationIds: readonly string[]): RollupRow[] {
  const rows = locationIds.map((id) => rollupRow(ctx, id));
  return rows.sort((a, b) => Number(b.isThisDevice) - Number(a.isThisDevice) || a.name.localeCompare(b.name) || a.locationId.localeCompare(b.locationId));
}
