import { v7 as uuidv7 } from 'uuid';
import { OpsFlowError } from '../../../domain/errors';
import { opsDocName } from '../../../domain/sync/doc-names';
import { locationSummary } from '../directory/directory';
import type { HandlerMap } from '../handler';
import { sessionUser, visibleLocationIds } from '../auth/session-info';
import { requireMainPc } from '../sync/directory-scope';

function checkTimeZone(timeZone: string) {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
  } catch {
    throw new OpsFlowError('BAD_INPUT', `"${timeZone}" is not a time zone OpsFlow knows; pick one from the list.`);
  }
}

export const locationHandlers: HandlerMap<'locations.list' | 'locations.create' | 'locations.update'> = {
  'locations.list'(_input, { ctx, session }) {
    const visible = new Set(visibleLocationIds(ctx, sessionUser(ctx, session!)));
    const home = ctx.identity()?.homeLocationId ?? null;
    return ctx.directory
      .locations()
      .filter((l) => visible.has(l.id))
      .map((l) => locationSummary(l, home));
  },

  'locations.create'(input, call) {
    const { ctx } = call;
    requireMainPc(ctx);
    checkTimeZone(input.timeZone);
    const id = uuidv7();
    call.commit({ action: 'locations.create', summary: `Added location "${input.name}"`, risk: 'MEDIUM', entityType: 'location', entityId: id, locationId: id }, () => {
      ctx.directory.putLocation(id, { ...input, createdAtMs: ctx.now() });
      ctx.docs.get(opsDocName(ctx.identity()!.tenantId, id));
    });
    return locationSummary(ctx.directory.location(id)!, ctx.identity()?.homeLocationId ?? null);
  },

  'locations.update'({ locationId, ...fields }, call) {
    const { ctx } = call;
    const existing = ctx.directory.location(locationId);
    if (!existing) throw new OpsFlowError('NOT_FOUND', 'That location does not exist.');
    requireMainPc(ctx);
    checkTimeZone(fields.timeZone);
    call.commit({ action: 'locations.update', summary: `Changed location "${existing.name}"${existing.name !== fields.name ? ` → "${fields.name}"` : ''}`, risk: 'MEDIUM', entityType: 'location', entityId: locationId, locationId }, () =>
      ctx.directory.updateLocation(locationId, fields),
    );
    return locationSummary(ctx.directory.location(locationId)!, ctx.identity()?.homeLocationId ?? null);
  },
};
