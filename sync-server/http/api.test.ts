import { describe, expect, it } from 'vitest';
import type { Hub } from '../hub';
import { TEST_NOW } from '../testing/hub-fixture';
import { DEVICE_TOKEN_TTL_MS } from '../storage/device-tokens';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { stockClient } from '../testing/sync-clients';
import { createAdminToken, createEnrollmentCode, createTenant } from '../storage/tenants';
import { firstClose } from '../testing/sync-clients';
import { hubForSuite } from '../testing/hub-for-suite';

describe('the hub HTTP API', () => {
  let hub: Hub;
  let nowMs = TEST_NOW;

  hubForSuite(STORAGE_BACKENDS[0]!, { nowMs: () => nowMs, onError: () => {} }, (started) => (hub = started));

  const post = (path: string, body: unknown) =>
    fetch(`${hub.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('enrolls a device with a one-time code, and the token opens the location documents', async () => {
    const { tenantId, locationId, enrollmentCode } = await createTenant(hub.db, { name: 'Bistro', locationName: 'Lyon', nowMs });
    const res = await post('/api/v1/enroll', { code: enrollmentCode, deviceName: 'Kitchen PC' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; tenantId: string; locationId: string };
    // The code `tenant create` makes is the founding PC's: it writes the directory.
    expect(body).toEqual({ token: expect.any(String), tenantId, locationId, expiresAtMs: nowMs + DEVICE_TOKEN_TTL_MS, readsAllLocations: false, readLocationIds: [], canWriteDirectory: true });
    const client = stockClient(hub.wsUrl, `${tenantId}/${locationId}/ops`, body.token);
    await client.synced;
    client.destroy();

    const again = await post('/api/v1/enroll', { code: enrollmentCode, deviceName: 'Second PC' });
    expect(again.status).toBe(401);
    expect(await again.json()).toEqual({ error: 'This enrollment code has already been used. Ask your administrator for a new one.' });
  });

  it('trades a device token for a fresh one; the expired, the unknown and the missing get 401 with a sentence', async () => {
    const { enrollmentCode } = await createTenant(hub.db, { name: 'Bistro', locationName: 'Lyon', nowMs });
    const { token } = (await (await post('/api/v1/enroll', { code: enrollmentCode, deviceName: 'Kitchen PC' })).json()) as { token: string };
    const refresh = (bearer?: string) => fetch(`${hub.url}/api/v1/device/token`, { method: 'POST', headers: bearer ? { authorization: `Bearer ${bearer}` } : {} });

    const fresh = await refresh(token);
    expect(fresh.status).toBe(200);
    const body = (await fresh.json()) as { token: string; expiresAtMs: number };
    expect(body).toEqual({ token: expect.any(String), expiresAtMs: nowMs + DEVICE_TOKEN_TTL_MS });
    expect(body.token).not.toBe(token);

    expect((await refresh()).status).toBe(401);
    expect((await refresh('not-a-token')).status).toBe(401);
    const issuedAt = nowMs;
    nowMs += DEVICE_TOKEN_TTL_MS;
    const expired = await refresh(body.token);
    nowMs = issuedAt;
    expect(expired.status).toBe(401);
    expect(((await expired.json()) as { error: string }).error).toMatch(/expired/);
  });

  it('answers an expired code with 410, an unknown one with 401 and a malformed request with 400, each with a sentence', async () => {
    const { tenantId, locationId } = await createTenant(hub.db, { name: 'Bistro', locationName: 'Lyon', nowMs });
    const code = await createEnrollmentCode(hub.db, tenantId, { locationId, canWrite: true, nowMs, ttlMs: 60_000 });
    nowMs += 60_000;
    const expired = await post('/api/v1/enroll', { code, deviceName: 'Late PC' });
    expect(expired.status).toBe(410);
    expect(((await expired.json()) as { error: string }).error).toMatch(/expired/);

    expect((await post('/api/v1/enroll', { code: 'AAAA-BBBB-CCCC', deviceName: 'PC' })).status).toBe(401);
    const missing = await post('/api/v1/enroll', { code });
    expect(missing.status).toBe(400);
    expect(((await missing.json()) as { error: string }).error).toMatch(/deviceName/);
    expect((await post('/api/v1/enroll', '{not json')).status).toBe(400);
    expect((await fetch(`${hub.url}/api/v1/nothing-here`)).status).toBe(404);
  });

  it('serves health, Prometheus metrics and an OpenAPI document describing enrollment', async () => {
    expect(await (await fetch(`${hub.url}/health`)).json()).toEqual({ status: 'ok' });
    const metrics = await (await fetch(`${hub.url}/metrics`)).text();
    for (const name of ['opsflow_hub_connections', 'opsflow_hub_documents_loaded', 'opsflow_hub_updates_in_total', 'opsflow_hub_updates_out_total', 'opsflow_hub_updates_refused_total', 'opsflow_hub_persist_seconds']) {
      expect(metrics).toContain(name);
    }
    const openApi = (await (await fetch(`${hub.url}/openapi.json`)).json()) as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown> } };
    expect(openApi.openapi).toBe('3.1.0');
    expect(Object.keys(openApi.paths['/api/v1/enroll']!.post!.responses).sort()).toEqual(['200', '400', '401', '410']);
    expect(openApi.components.schemas).toHaveProperty('EnrollRequest');
    expect(Object.keys(openApi.paths)).toEqual(expect.arrayContaining(['/api/v1/admin/devices', '/api/v1/admin/devices/{deviceId}/revoke', '/api/v1/admin/enrollment-codes']));
  });

  describe('for tenant administrators', () => {
    const admin = (token: string | null) => (method: string, path: string, body?: unknown) =>
      fetch(`${hub.url}${path}`, {
        method,
        headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });

    it('adds a location, makes a code for it, lists the enrolled device and revokes it, closing its connection', async () => {
      const { tenantId } = await createTenant(hub.db, { name: 'Bistro', locationName: 'Lyon', nowMs });
      const call = admin(await createAdminToken(hub.db, tenantId, { name: 'Owner', nowMs }));
      const added = await call('POST', '/api/v1/admin/locations', { name: 'Paris' });
      expect(added.status).toBe(201);
      const { locationId } = (await added.json()) as { locationId: string };
      expect(((await (await call('GET', '/api/v1/admin/locations')).json()) as Array<{ name: string }>).map((l) => l.name)).toEqual(['Lyon', 'Paris']);

      const made = await call('POST', '/api/v1/admin/enrollment-codes', { locationId, canWrite: false, ttlHours: 2 });
      expect(made.status).toBe(201);
      const { enrollmentCode, expiresAtMs } = (await made.json()) as { enrollmentCode: string; expiresAtMs: number };
      expect(expiresAtMs).toBe(nowMs + 2 * 3600_000);
      const { token } = (await (await post('/api/v1/enroll', { code: enrollmentCode, deviceName: 'Paris till' })).json()) as { token: string };

      const devices = (await (await call('GET', '/api/v1/admin/devices')).json()) as Array<{ deviceId: string; name: string; locationId: string; canWrite: boolean; revokedAtMs: number | null }>;
      expect(devices).toEqual([expect.objectContaining({ name: 'Paris till', locationId, canWrite: false, canWriteDirectory: false, revokedAtMs: null })]);

      // The new location is in the directory every enrolled device reads.
      const directory = stockClient(hub.wsUrl, `${tenantId}/directory`, token);
      await directory.synced;
      expect(directory.doc.getMap('locations').toJSON()).toEqual({ [locationId]: { name: 'Paris', address: '', timeZone: 'UTC', temperatureUnit: 'C', createdAtMs: nowMs } });
      directory.destroy();
      const badZone = await call('POST', '/api/v1/admin/locations', { name: 'Nowhere', timeZone: 'Mars/Olympus' });
      expect(badZone.status).toBe(400);
      expect(((await badZone.json()) as { error: string }).error).toMatch(/time zone/);

      const client = stockClient(hub.wsUrl, `${tenantId}/${locationId}/ops`, token);
      await client.synced;
      const closed = firstClose(client);
      expect((await call('POST', `/api/v1/admin/devices/${devices[0]!.deviceId}/revoke`)).status).toBe(204);
      expect((await closed).code).toBe(1008);
      client.destroy();
      expect((await (await call('GET', '/api/v1/admin/devices')).json()) as unknown[]).toEqual([expect.objectContaining({ revokedAtMs: nowMs })]);
    });

    it("refuses a missing or unknown admin token, and one organization's administrator reaches nothing of another's", async () => {
      const mine = await createTenant(hub.db, { name: 'Mine', locationName: 'Lyon', nowMs });
      const theirs = await createTenant(hub.db, { name: 'Theirs', locationName: 'Nice', nowMs });
      const { token: theirToken } = (await (await post('/api/v1/enroll', { code: theirs.enrollmentCode, deviceName: 'Their PC' })).json()) as { token: string };
      const theirDevice = (await hub.db.selectFrom('devices').select('id').where('tenant_id', '=', theirs.tenantId).executeTakeFirstOrThrow()).id;

      const anonymous = await admin(null)('GET', '/api/v1/admin/devices');
      expect(anonymous.status).toBe(401);
      expect(await anonymous.json()).toEqual({ error: 'An administrator token is required: ask the hub operator for one.' });
      expect((await admin('guessed')('GET', '/api/v1/admin/devices')).status).toBe(401);

      const call = admin(await createAdminToken(hub.db, mine.tenantId, { name: 'Owner', nowMs }));
      expect(await (await call('GET', '/api/v1/admin/devices')).json()).toEqual([]);
      expect(await (await call('GET', '/api/v1/admin/locations')).json()).toEqual([{ id: mine.locationId, name: 'Lyon' }]);
      expect((await call('POST', `/api/v1/admin/devices/${theirDevice}/revoke`)).status).toBe(404);
      expect((await call('POST', '/api/v1/admin/enrollment-codes', { locationId: theirs.locationId })).status).toBe(404);
      const stillWorks = stockClient(hub.wsUrl, `${theirs.tenantId}/${theirs.locationId}/ops`, theirToken);
      await stillWorks.synced;
      stillWorks.destroy();
    });
  });
});
