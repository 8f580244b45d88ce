import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { HubError } from '../hub-error';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { openHubDatabase, type HubDatabase } from './database';
import { appendUpdate, compactDocument, loadUpdates } from './doc-store';
import { createEnrollmentCode, createTenant, enrollDevice, findDeviceByToken, revokeDevice } from './tenants';
import { withTenant } from './tenant-scope';

const NOW = Date.UTC(2026, 10, 25, 12);

function setKey(doc: Y.Doc, key: string, value: string): Uint8Array {
  let update: Uint8Array | undefined;
  const grab = (u: Uint8Array) => (update = u);
  doc.on('update', grab);
  doc.getMap('m').set(key, value);
  doc.off('update', grab);
  return update!;
}

function replay(updates: Uint8Array[]): Record<string, unknown> {
  const doc = new Y.Doc();
  for (const update of updates) Y.applyUpdate(doc, update);
  return doc.getMap('m').toJSON();
}

describe.each(STORAGE_BACKENDS)('hub storage on $name', (backend) => {
  let db: HubDatabase;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const started = await backend.start();
    stop = started.stop;
    db = await openHubDatabase(started.options);
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await stop?.();
  });

  it('gives back every appended update of a document, in order, and nothing of other documents', async () => {
    const { tenantId, locationId } = await createTenant(db, { name: 'Bistro', locationName: 'Lyon', nowMs: NOW });
    const doc = new Y.Doc();
    const name = `${tenantId}/${locationId}/ops`;
    await appendUpdate(db, tenantId, name, setKey(doc, 'a', 'one'));
    await appendUpdate(db, tenantId, name, setKey(doc, 'a', 'two'));
    await appendUpdate(db, tenantId, `${tenantId}/other/ops`, setKey(new Y.Doc(), 'b', 'elsewhere'));
    expect(replay(await loadUpdates(db, tenantId, name))).toEqual({ a: 'two' });
  });

  it('compacts a document into one row with the same content, keeping updates appended meanwhile', async () => {
    const { tenantId, locationId } = await createTenant(db, { name: 'Bistro', locationName: 'Lyon', nowMs: NOW });
    const name = `${tenantId}/${locationId}/ops`;
    const doc = new Y.Doc();
    for (let i = 0; i < 40; i++) await appendUpdate(db, tenantId, name, setKey(doc, `k${i % 7}`, `v${i}`));
    const [compacted] = await Promise.all([compactDocument(db, tenantId, name), appendUpdate(db, tenantId, name, setKey(doc, 'late', 'yes'))]);
    expect(compacted).toBeGreaterThanOrEqual(40);
    const stored = await loadUpdates(db, tenantId, name);
    expect(stored.length).toBeLessThanOrEqual(2);
    expect(replay(stored)).toEqual(doc.getMap('m').toJSON());
  });

  it('keeps a tenant-scoped transaction to its own rows even when a query forgets the tenant', async () => {
    const a = await createTenant(db, { name: 'A', locationName: 'A1', nowMs: NOW });
    const b = await createTenant(db, { name: 'B', locationName: 'B1', nowMs: NOW });
    await appendUpdate(db, a.tenantId, `${a.tenantId}/directory`, setKey(new Y.Doc(), 'x', 'a'));
    await appendUpdate(db, b.tenantId, `${b.tenantId}/directory`, setKey(new Y.Doc(), 'x', 'b'));
    const seenByA = await withTenant(db, a.tenantId, (trx) => trx.selectFrom('doc_updates').select('tenant_id').distinct().execute());
    expect(seenByA).toEqual([{ tenant_id: a.tenantId }]);
    const locationsSeenByA = await withTenant(db, a.tenantId, (trx) => trx.selectFrom('locations').select('tenant_id').distinct().execute());
    expect(locationsSeenByA).toEqual([{ tenant_id: a.tenantId }]);
    await expect(
      withTenant(db, a.tenantId, (trx) =>
        trx.insertInto('doc_updates').values({ tenant_id: b.tenantId, doc_name: `${b.tenantId}/directory`, update: new Uint8Array([0, 0]) }).execute(),
      ),
    ).rejects.toThrow(/row-level security/);
    const deletedByA = await withTenant(db, a.tenantId, (trx) => sql`delete from doc_updates where tenant_id = ${b.tenantId}`.execute(trx));
    expect(deletedByA.numAffectedRows).toBe(0n);
    expect(replay(await loadUpdates(db, b.tenantId, `${b.tenantId}/directory`))).toEqual({ x: 'b' });
  });

  it('turns an enrollment code into a working device token once, refuses it after, and forgets a revoked token', async () => {
    const { tenantId, locationId, enrollmentCode } = await createTenant(db, { name: 'Bistro', locationName: 'Lyon', nowMs: NOW });
    const enrolled = await enrollDevice(db, { code: enrollmentCode.toLowerCase(), deviceName: 'Kitchen PC', nowMs: NOW + 1 });
    expect(enrolled).toMatchObject({ tenantId, locationId });
    expect(await findDeviceByToken(db, enrolled.token)).toEqual({ deviceId: enrolled.deviceId, tenantId, locationId, canWrite: true, readLocations: [] });

    const again = enrollDevice(db, { code: enrollmentCode, deviceName: 'Second PC', nowMs: NOW + 2 });
    await expect(again).rejects.toThrow(HubError);
    await expect(again).rejects.toMatchObject({ status: 401, message: expect.stringMatching(/already been used/) });

    const shortLived = await createEnrollmentCode(db, tenantId, { locationId, canWrite: false, nowMs: NOW, ttlMs: 60_000 });
    await expect(enrollDevice(db, { code: shortLived, deviceName: 'Late PC', nowMs: NOW + 60_000 })).rejects.toMatchObject({
      status: 410,
      message: expect.stringMatching(/expired/),
    });
    await expect(enrollDevice(db, { code: 'ZZZZ-ZZZZ-ZZZZ', deviceName: 'Guess', nowMs: NOW })).rejects.toMatchObject({ status: 401 });

    await revokeDevice(db, tenantId, enrolled.deviceId, NOW + 3);
    expect(await findDeviceByToken(db, enrolled.token)).toBeNull();
    expect(await findDeviceByToken(db, 'not-a-token')).toBeNull();
  });
});

describe('the embedded database folder', () => {
  it('is opened by one hub process at a time, with a sentence for the second', async () => {
    const backend = await STORAGE_BACKENDS[0]!.start();
    const first = await openHubDatabase(backend.options);
    await expect(openHubDatabase(backend.options)).rejects.toThrow(/Another hub process \(pid \d+\) is using the data folder/);
    await first.destroy();
    const again = await openHubDatabase(backend.options);
    await again.destroy();
    await backend.stop();
  }, 120_000);
});
