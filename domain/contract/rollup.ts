import { z } from 'zod';
import { method } from './define';

/** How far back the roll-up looks for excursions still waiting for a signed corrective action. */
export const ROLLUP_EXCURSION_DAYS = 30;

/**
 * One location of the regional roll-up, as this PC holds it: its own location's data, and the
 * data of the other locations its hub enrollment reads (a regional office PC).
 */
export interface RollupRow {
  locationId: string;
  name: string;
  /** This PC's own location. */
  isThisDevice: boolean;
  /** Today's compliance score (domain/haccp/compliance-score.ts), null for a day with nothing to count. */
  complianceScore: number | null;
  openAlerts: number;
  /** Excursions of the last ROLLUP_EXCURSION_DAYS days whose corrective action nobody has signed (or nobody recorded). */
  excursionsWithoutSignedAction: number;
  /** On-hand stock valued at each item's unit cost. */
  stockValueCents: number;
  /** Active items below their reorder point. */
  lowStockItems: number;
  /**
   * This PC's own location: the last time the hub confirmed having all of it. Another location:
   * the last time the hub brought this PC its documents. Null: never (or not connected to a hub).
   */
  lastSyncAtMs: number | null;
}

export const rollupMethods = {
  /** One row per location the caller is granted, this PC's own first, then by name. */
  'rollup.locations': method<RollupRow[]>()({ input: z.strictObject({}), access: 'rollup.view', mutation: false }),
};
