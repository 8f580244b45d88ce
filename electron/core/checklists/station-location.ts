import { OpsFlowError } from '../../../domain/errors';
import type { CallContext } from '../context';
import { requireStationGrant } from '../station/station-scope';

/**
 * Checklists and cooling logs are kept on the PC of the restaurant they are about: the location of
 * this PC. `what` finishes "…may ___" for a caller without a grant for it.
 */
export function stationLocation(call: CallContext, what: string): { locationId: string; tenantId: string; timeZone: string } {
  const identity = call.ctx.identity();
  if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow first.');
  requireStationGrant(call, what);
  const timeZone = call.ctx.directory.location(identity.homeLocationId)?.time_zone ?? 'UTC';
  return { locationId: identity.homeLocationId, tenantId: identity.tenantId, timeZone };
}
