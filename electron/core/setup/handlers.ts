import { v7 as uuidv7 } from 'uuid';
import { passwordProblem } from '../../../domain/auth/password-policy';
import { OpsFlowError } from '../../../domain/errors';
import { logDocName, opsDocName } from '../../../domain/sync/doc-names';
import type { EngineContext } from '../context';
import type { HandlerMap } from '../handler';
import { hashSecret } from '../auth/passwords';
import { sessionInfo } from '../auth/session-info';

function refuseIfSetUp(ctx: EngineContext): void {
  if (ctx.identity()) throw new OpsFlowError('ALREADY_SET_UP', 'OpsFlow is already set up on this computer. Sign in instead.');
}

export const setupHandlers: HandlerMap<'setup.status' | 'setup.create'> = {
  'setup.status'(_input, { ctx }) {
    const identity = ctx.identity();
    return {
      isSetUp: identity !== null,
      organizationName: identity ? ctx.directory.organizationName() : null,
      deviceLocationName: identity ? (ctx.directory.location(identity.homeLocationId)?.name ?? null) : null,
    };
  },

  async 'setup.create'(input, call) {
    const { ctx } = call;
    refuseIfSetUp(ctx);
    const problem = passwordProblem(input.admin.password, { username: input.admin.username });
    if (problem) throw new OpsFlowError('WEAK_PASSWORD', problem);
    const passwordHash = await hashSecret(input.admin.password, ctx.options.passwordCost);
    // Again after the (slow) hash: a second setup may have finished meanwhile.
    refuseIfSetUp(ctx);

    const tenantId = uuidv7();
    const locationId = uuidv7();
    const userId = uuidv7();
    const now = ctx.now();
    ctx.docs.transaction(() => {
      ctx.setIdentity({ tenantId, stationId: uuidv7(), homeLocationId: locationId });
      ctx.directory.setOrganization({ id: tenantId, name: input.organizationName });
      ctx.directory.putLocation(locationId, { ...input.location, createdAtMs: now });
      ctx.directory.updateSettings({ idleLockMinutes: 10, requireTotpForAdmins: false });
      ctx.directory.putUser(userId, {
        username: input.admin.username,
        displayName: input.admin.displayName,
        role: 'TENANT_ADMIN',
        locationIds: [locationId],
        active: true,
        passwordHash,
        pinHash: null,
        totpSecret: null,
        totpBackupCodeHashes: [],
        temperatureUnit: input.location.temperatureUnit,
        createdAtMs: now,
      });
      // Create the location's documents now so that they exist before the first change.
      ctx.docs.get(opsDocName(tenantId, locationId));
      ctx.docs.get(logDocName(tenantId, locationId, now));
      call.audit(
        { action: 'setup.create', summary: `Set up "${input.organizationName}" with location "${input.location.name}" and administrator "${input.admin.username}"`, risk: 'MEDIUM', entityType: 'organization', entityId: tenantId },
        { id: userId, name: input.admin.displayName },
      );
    });
    const session = ctx.sessions.open({ userId, role: 'TENANT_ADMIN', viaPin: false, mustEnrollTotp: false });
    return sessionInfo(ctx, session);
  },
};
