// Regional offices: a device enrolled at its own location whose enrollment also grants reading
// other locations (a list, or all of them) — it reads those, never writes them, and nothing else.
import { describe, expect, it } from 'vitest';
import type { Hub } from '../hub';
import { TEST_NOW } from '../testing/hub-fixture';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { stockClient, until, untilAwareness, upgradeStatus } from '../testing/sync-clients';
import { hubForSuite } from '../testing/hub-for-suite';
import { createAdminToken, createLocation, createTenant } from '../storage/tenants';
import { decideDocAccess } from './access';

const regional = { deviceId: 'd9', tenantId: 'acme', locationId: 'office', canWrite: true, canWriteDirectory: false, readLocations: ['lyon'] };

describe('what a regional office token may do with a document', () => {
  it('reads the locations its enrollment names, never writes them, and still writes its own', () => {
    expect(decideDocAccess(regional, 'acme/lyon/ops')).toMatchObject({ allowed: true, canWrite: false });
    expect(decideDocAccess(regional, 'acme/lyon/log/2026-11')).toMatchObject({ allowed: true, canWrite: false });
    expect(decideDocAccess(regional, 'acme/office/ops')).toMatchObject({ allowed: true, canWrite: true });
    expect(decideDocAccess(regional, 'acme/paris/ops')).toEqual({ allowed: false, status: 403, reason: 'This device is not enrolled at that location.' });
    expect(decideDocAccess(regional, 'rival/lyon/ops')).toMatchObject({ allowed: false, status: 403 });
  });

  it('with every location granted, reads any location of its organization and none of another', () => {
    const everywhere = { ...regional, readLocations: 'all' as const };
    expect(decideDocAccess(everywhere, 'acme/paris/ops')).toMatchObject({ allowed: true, canWrite: false });
    expect(decideDocAccess(everywhere, 'acme/nice/log/2026-01')).toMatchObject({ allowed: true, canWrite: false });
    expect(decideDocAccess(everywhere, 'rival/paris/ops')).toMatchObject({ allowed: false, status: 403 });
  });
});

describe('a regional office PC enrolled through the admin API', () => {
  let hub: Hub;

  hubForSuite(STORAGE_BACKENDS[0]!, { nowMs: () => TEST_NOW, onError: () => {} }, (started) => (hub = started));

  async function organization() {
    const { tenantId, locationId: lyon, enrollmentCode } = await createTenant(hub.db, { name: 'Bistro', locationName: 'Lyon', nowMs: TEST_NOW });
    const adminToken = await createAdminToken(hub.db, tenantId, { name: 'Owner', nowMs: TEST_NOW });
    const admin = (method: string, path: string, body?: unknown) =>
      fetch(`${hub.url}${path}`, { method, headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` }, ...(body === undefined ? {} : { body: JSON.stringify(body) }) });
    const enroll = async (code: string, deviceName: string) =>
      (await (await fetch(`${hub.url}/api/v1/enroll`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code, deviceName }) })).json()) as {
        token: string;
        readsAllLocations: boolean;
        readLocationIds: string[];
      };
    const lyonToken = (await enroll(enrollmentCode, 'Lyon kitchen')).token;
    const office = await createLocation(hub.db, tenantId, { name: 'Regional office', nowMs: TEST_NOW });
    const paris = await createLocation(hub.db, tenantId, { name: 'Paris', nowMs: TEST_NOW });
    return { tenantId, lyon, office, paris, lyonToken, admin, enroll };
  }

  it("reads Lyon's documents as Lyon's PC writes them; its own writes there are dropped; Paris stays closed", async () => {
    const org = await organization();
    const made = await org.admin('POST', '/api/v1/admin/enrollment-codes', { locationId: org.office, readLocationIds: [org.lyon] });
    expect(made.status).toBe(201);
    const { enrollmentCode } = (await made.json()) as { enrollmentCode: string };
    const enrolled = await org.enroll(enrollmentCode, 'Regional PC');
    expect(enrolled).toMatchObject({ readsAllLocations: false, readLocationIds: [org.lyon] });
    const devices = (await (await org.admin('GET', '/api/v1/admin/devices')).json()) as unknown[];
    expect(devices).toEqual([
      expect.objectContaining({ name: 'Lyon kitchen', locationId: org.lyon, readsAllLocations: false, readLocationIds: [] }),
      expect.objectContaining({ name: 'Regional PC', locationId: org.office, canWrite: true, readsAllLocations: false, readLocationIds: [org.lyon] }),
    ]);

    const lyonOps = `${org.tenantId}/${org.lyon}/ops`;
    const kitchen = stockClient(hub.wsUrl, lyonOps, org.lyonToken);
    await kitchen.synced;
    kitchen.doc.getMap('stock').set('flour', 5000);
    const office = stockClient(hub.wsUrl, lyonOps, enrolled.token);
    await office.synced;
    await until(office.doc, () => office.doc.getMap('stock').get('flour') === 5000);
    office.doc.getMap('stock').set('caviar', 1);
    office.provider.awareness.setLocalStateField('done', true);
    await untilAwareness(kitchen, (s) => s.done === true);
    expect(kitchen.doc.getMap('stock').toJSON()).toEqual({ flour: 5000 });

    const at = (doc: string) => `${hub.wsUrl}/${doc}?token=${encodeURIComponent(enrolled.token)}`;
    expect(await upgradeStatus(at(`${org.tenantId}/${org.paris}/ops`))).toBe(403);
    expect(await upgradeStatus(at(`${org.tenantId}/${org.paris}/log/2026-11`))).toBe(403);
    [kitchen, office].forEach((c) => c.destroy());
  });

  it('with allLocations it reads a location added after it enrolled', async () => {
    const org = await organization();
    const made = await org.admin('POST', '/api/v1/admin/enrollment-codes', { locationId: org.office, allLocations: true });
    const enrolled = await org.enroll(((await made.json()) as { enrollmentCode: string }).enrollmentCode, 'Head office PC');
    expect(enrolled).toMatchObject({ readsAllLocations: true, readLocationIds: [] });
    const nice = await createLocation(hub.db, org.tenantId, { name: 'Nice', nowMs: TEST_NOW });
    expect(await upgradeStatus(`${hub.wsUrl}/${org.tenantId}/${nice}/ops?token=${encodeURIComponent(enrolled.token)}`)).toBe(101);
  });

  it('refuses a grant of a location of another organization, an unknown one, or both kinds of grant at once, and makes no code', async () => {
    const org = await organization();
    const rival = await createTenant(hub.db, { name: 'Rival', locationName: 'Nice', nowMs: TEST_NOW });
    const before = await hub.db.selectFrom('enrollment_codes').select(hub.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    const foreign = await org.admin('POST', '/api/v1/admin/enrollment-codes', { locationId: org.office, readLocationIds: [org.lyon, rival.locationId] });
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toEqual({ error: `Location ${rival.locationId} (to be read) does not exist in this organization.` });
    const both = await org.admin('POST', '/api/v1/admin/enrollment-codes', { locationId: org.office, readLocationIds: [org.lyon], allLocations: true });
    expect(both.status).toBe(400);
    expect(((await both.json()) as { error: string }).error).toMatch(/readLocationIds or allLocations, not both/);
    const after = await hub.db.selectFrom('enrollment_codes').select(hub.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });
});
