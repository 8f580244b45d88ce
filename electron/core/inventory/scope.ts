import { OpsFlowError } from '../../../domain/errors';
import { sessionUser, visibleLocationIds } from '../auth/session-info';
import type { CallContext } from '../context';
import type { StockCountsRow } from '../../../domain/inventory/rows';
import { countRow } from './counts';

/**
 * A location the caller works at. Any other is "not found", not "forbidden", so nobody learns of
 * other restaurants' stock; asking for one is audited as HIGH.
 */
export function stockLocation(call: CallContext, locationId: string): string {
  const { ctx } = call;
  const location = ctx.directory.location(locationId);
  const notFound = new OpsFlowError('NOT_FOUND', 'That location does not exist or is not one of yours.');
  if (!location) throw notFound;
  if (!visibleLocationIds(ctx, sessionUser(ctx, call.session!)).includes(locationId)) {
    call.refuse(notFound, `the stock of "${location.name}", a location the caller is not granted`, { entityType: 'location', entityId: locationId, locationId });
  }
  return locationId;
}

/** A count at one of the caller's locations. */
export function stockCount(call: CallContext, countId: string): StockCountsRow {
  const row = countRow(call.ctx, countId);
  if (!row) throw new OpsFlowError('NOT_FOUND', 'That count does not exist.');
  stockLocation(call, row.location_id);
  return row;
}

export function locationName(call: CallContext, locationId: string): string {
  return call.ctx.directory.location(locationId)?.name ?? locationId;
}
