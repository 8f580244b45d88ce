import type { SyncStatus } from '../../../domain/contract/sync';
import { OpsFlowError } from '../../../domain/errors';
import type { EngineContext } from '../context';
import type { HandlerMap } from '../handler';
import { clearEnrollment, enrollAtHub, readEnrollment, writeEnrollment } from './enrollment';

/** The status when the engine runs without its sync service: what is stored, never "connected". */
function storedStatus(ctx: EngineContext): SyncStatus {
  const enrollment = readEnrollment(ctx);
  const identity = ctx.identity();
  return {
    state: enrollment ? 'offline' : 'standalone',
    hubUrl: enrollment?.hubUrl ?? null,
    tenantId: identity?.tenantId ?? null,
    locationId: identity?.homeLocationId ?? null,
    enrolledAtMs: enrollment?.enrolledAtMs ?? null,
    offlineSinceMs: null,
    changesWaiting: 0,
    lastSyncedAtMs: null,
    lastError: enrollment ? 'This OpsFlow runs without its hub link.' : null,
    readLocationIds: [],
    refusedDirectoryChanges: null,
  };
}

function statusOf(ctx: EngineContext): SyncStatus {
  return ctx.sync()?.status() ?? storedStatus(ctx);
}

export const syncHandlers: HandlerMap<'sync.status' | 'sync.enroll' | 'sync.disconnect'> = {
  'sync.status'(_input, { ctx }) {
    return statusOf(ctx);
  },

  async 'sync.enroll'({ hubUrl, code }, call) {
    const { ctx } = call;
    const identity = ctx.identity();
    if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow on this PC first.');
    if (readEnrollment(ctx)) throw new OpsFlowError('CONFLICT', 'This PC is already connected to a hub. Disconnect it first to use another one.');
    const enrolled = await enrollAtHub(hubUrl, code);
    if (enrolled.tenantId !== identity.tenantId || enrolled.locationId !== identity.homeLocationId) {
      // Its documents are named by its own ids: under other ids they would not be the tenant's.
      throw new OpsFlowError(
        'ENROLLMENT_REFUSED',
        `That code belongs to another organization or location on the hub. Ask the hub's operator for a code made for this PC: organization ${identity.tenantId}, location ${identity.homeLocationId} (opsflow-hub tenant create --tenant-id … --location-id …).`,
      );
    }
    if (readEnrollment(ctx)) throw new OpsFlowError('CONFLICT', 'This PC is already connected to a hub. Disconnect it first to use another one.');
    call.commit(
      { action: 'sync.enroll', summary: `Connected this PC to the hub at ${hubUrl}`, risk: 'HIGH', entityType: 'organization', entityId: identity.tenantId },
      () => {
        const { expiresAtMs, ...grant } = enrolled;
        writeEnrollment(ctx, { hubUrl, enrolledAtMs: ctx.now(), ...grant, tokenExpiresAtMs: expiresAtMs });
      },
    );
    ctx.sync()?.connect();
    return statusOf(ctx);
  },

  'sync.disconnect'(_input, call) {
    const { ctx } = call;
    const enrollment = readEnrollment(ctx);
    if (!enrollment) throw new OpsFlowError('NOT_FOUND', 'This PC is not connected to a hub.');
    ctx.sync()?.disconnect();
    call.commit(
      { action: 'sync.disconnect', summary: `Disconnected this PC from the hub at ${enrollment.hubUrl}`, risk: 'HIGH', entityType: 'organization', entityId: ctx.identity()?.tenantId ?? null },
      () => clearEnrollment(ctx),
    );
    return statusOf(ctx);
  },
};
