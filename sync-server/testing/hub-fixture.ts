import type { Hub } from '../hub';
import { createEnrollmentCode, createLocation, createTenant, enrollDevice } from '../storage/tenants';

export const TEST_NOW = Date.UTC(2026, 10, 25, 12);

/** A new organization on `hub` with one location, and a token for its founding PC there (it writes the directory). */
export async function tenantWithDevice(hub: Hub, name = 'Bistro') {
  const { tenantId, locationId } = await createTenant(hub.db, { name, locationName: 'Lyon', nowMs: TEST_NOW });
  // Enrolled now, not at TEST_NOW: device tokens expire, and the hub checks them against its clock.
  const code = await createEnrollmentCode(hub.db, tenantId, { locationId, canWrite: true, canWriteDirectory: true, nowMs: Date.now() });
  const { token } = await enrollDevice(hub.db, { code, deviceName: 'PC 1', nowMs: Date.now() });
  return {
    tenantId,
    locationId,
    token,
    /** Another device enrolled at `atLocation` (default: the same location). */
    async device(options: { canWrite: boolean; atLocation?: string }) {
      const code = await createEnrollmentCode(hub.db, tenantId, { locationId: options.atLocation ?? locationId, canWrite: options.canWrite, nowMs: Date.now() });
      return (await enrollDevice(hub.db, { code, deviceName: 'Another PC', nowMs: Date.now() })).token;
    },
    async otherLocation() {
      return createLocation(hub.db, tenantId, { name: 'Paris', nowMs: TEST_NOW });
    },
    ops: `${tenantId}/${locationId}/ops`,
    log: `${tenantId}/${locationId}/log/2026-11`,
  };
}
