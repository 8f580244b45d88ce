import type { Hub } from '../hub';
import { createEnrollmentCode, createLocation, createTenant, enrollDevice } from '../storage/tenants';

export const TEST_NOW = Date.UTC(2026, 10, 25, 12);

/** A new organization on `hub` with one location, and a token for a device there. */
export async function tenantWithDevice(hub: Hub, name = 'Bistro') {
  const { tenantId, locationId, enrollmentCode } = await createTenant(hub.db, { name, locationName: 'Lyon', nowMs: TEST_NOW });
  const { token } = await enrollDevice(hub.db, { code: enrollmentCode, deviceName: 'PC 1', nowMs: TEST_NOW });
  return {
    tenantId,
    locationId,
    token,
    /** Another device enrolled at `atLocation` (default: the same location). */
    async device(options: { canWrite: boolean; atLocation?: string }) {
      const code = await createEnrollmentCode(hub.db, tenantId, { locationId: options.atLocation ?? locationId, canWrite: options.canWrite, nowMs: TEST_NOW });
      return (await enrollDevice(hub.db, { code, deviceName: 'Another PC', nowMs: TEST_NOW })).token;
    },
    async otherLocation() {
      return createLocation(hub.db, tenantId, { name: 'Paris', nowMs: TEST_NOW });
    },
    ops: `${tenantId}/${locationId}/ops`,
    log: `${tenantId}/${locationId}/log/2026-11`,
  };
}
