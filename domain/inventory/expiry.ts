import { isExpired, type LotStock } from './fefo';

export const DEFAULT_EXPIRY_LEAD_DAYS = 3;

export type ExpiryState = 'expired' | 'expiringSoon' | 'fresh';

/** The day `days` after an ISO day (calendar arithmetic in UTC: a label date has no time zone). */
export function addDays(day: string, days: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/** Expired before today; expiring soon when the date on it is within `leadDays` from today. */
export function expiryState(lot: Pick<LotStock, 'expiresOn'>, today: string, leadDays: number): ExpiryState {
  if (lot.expiresOn === null) return 'fresh';
  if (isExpired(lot, today)) return 'expired';
  return lot.expiresOn <= addDays(today, leadDays) ? 'expiringSoon' : 'fresh';
}

/** A received lot's expiry from the item's shelf life, when the label gives none. */
export function expiryFromShelfLife(receivedDay: string, shelfLifeDays: number | null): string | null {
  return shelfLifeDays === null ? null : addDays(receivedDay, shelfLifeDays);
}
