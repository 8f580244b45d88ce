import { describe, expect, it } from 'vitest';
import type { Hub } from '../hub';
import { startDroppingProxy } from '../testing/dropping-proxy';
import { tenantWithDevice } from '../testing/hub-fixture';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { firstClose, stockClient, until, untilAwareness, upgradeStatus, type StockClient } from '../testing/sync-clients';
import { hubForSuite } from '../testing/hub-for-suite';

/**
 * Two stock clients each write `count` keys, then raise a `done` flag in their awareness. The hub
 * handles a connection's messages in order and relays an update before it reads the next
 * message, so once each has seen the other's flag it has been sent all of the other's keys.
 */
async function exchangeThroughHub(a: StockClient, b: StockClient, count: number) {
  await Promise.all([a.synced, b.synced]);
  for (let i = 0; i < count; i++) {
    a.doc.getMap('stock').set(`a${i}`, i);
    b.doc.getMap('stock').set(`b${i}`, i);
  }
  a.provider.awareness.setLocalStateField('done', true);
  b.provider.awareness.setLocalStateField('done', true);
  await Promise.all([untilAwareness(a, (s) => s.done === true), untilAwareness(b, (s) => s.done === true)]);
  return { a: a.doc.getMap('stock').toJSON(), b: b.doc.getMap('stock').toJSON() };
}

describe.each(STORAGE_BACKENDS)('sync through the hub on $name', (backend) => {
  let hub: Hub;

  hubForSuite(backend, { onError: () => {} }, (started) => (hub = started));

  it('stock providers converge through the hub, and a client that connects later gets it all from storage', async () => {
    const site = await tenantWithDevice(hub);
    const second = await site.device({ canWrite: true });
    const a = stockClient(hub.wsUrl, site.ops, site.token);
    const b = stockClient(hub.wsUrl, site.ops, second);
    const { a: seenByA, b: seenByB } = await exchangeThroughHub(a, b, 100);
    expect(Object.keys(seenByA)).toHaveLength(200);
    expect(seenByB).toEqual(seenByA);
    a.destroy();
    b.destroy();

    const late = stockClient(hub.wsUrl, site.ops, site.token);
    await late.synced;
    expect(late.doc.getMap('stock').toJSON()).toEqual(seenByA);
    late.destroy();
  });

  it('the convergence check notices a hub that stops relaying', async () => {
    const site = await tenantWithDevice(hub);
    const proxy = await startDroppingProxy(hub.wsUrl);
    const a = stockClient(hub.wsUrl, site.ops, site.token);
    const b = stockClient(proxy.wsUrl, site.ops, site.token);
    const { a: seenByA, b: seenByB } = await exchangeThroughHub(a, b, 20);
    expect(Object.keys(seenByA)).toHaveLength(40);
    expect(Object.keys(seenByB).sort()).toEqual(Array.from({ length: 20 }, (_, i) => `b${i}`).sort());
    a.destroy();
    b.destroy();
    await proxy.close();
  });
});

describe('who may open and write a document', () => {
  let hub: Hub;

  hubForSuite(STORAGE_BACKENDS[0]!, { onError: () => {} }, (started) => (hub = started));

  it('refuses a missing or unknown token, another organization, another location and a malformed name before loading anything', async () => {
    const site = await tenantWithDevice(hub, 'Bistro');
    const rival = await tenantWithDevice(hub, 'Rival');
    const paris = await site.otherLocation();
    const loadedBefore = (await hub.metrics.documentsLoaded.get()).values[0]?.value ?? 0;
    const at = (doc: string, token?: string) => `${hub.wsUrl}/${doc}${token === undefined ? '' : `?token=${encodeURIComponent(token)}`}`;

    expect(await upgradeStatus(at(site.ops))).toBe(401);
    expect(await upgradeStatus(at(site.ops, 'made-up-token'))).toBe(401);
    expect(await upgradeStatus(at(rival.ops, site.token))).toBe(403);
    expect(await upgradeStatus(at(`${rival.tenantId}/directory`, site.token))).toBe(403);
    expect(await upgradeStatus(at(`${site.tenantId}/${paris}/ops`, site.token))).toBe(403);
    expect(await upgradeStatus(at(`${site.tenantId}/../ops`, site.token))).toBe(400);
    expect(await upgradeStatus(at(`${site.tenantId}/${site.locationId}/log/2026-13`, site.token))).toBe(400);
    expect((await hub.metrics.documentsLoaded.get()).values[0]?.value ?? 0).toBe(loadedBefore);
    // The same token opens its own documents: the refusals above are about the document, not the token.
    expect(await upgradeStatus(at(site.ops, site.token))).toBe(101);
  });

  it('a stock client without a valid token gets nothing and changes nothing', async () => {
    const site = await tenantWithDevice(hub);
    const owner = stockClient(hub.wsUrl, site.ops, site.token);
    await owner.synced;
    owner.doc.getMap('stock').set('flour', 5000);
    owner.provider.awareness.setLocalStateField('done', true);

    for (const token of [null, 'made-up-token']) {
      const intruder = stockClient(hub.wsUrl, site.ops, token);
      intruder.doc.getMap('stock').set('flour', 0);
      await firstClose(intruder);
      expect(intruder.doc.getMap('stock').toJSON()).toEqual({ flour: 0 });
      intruder.destroy();
    }
    const rival = await tenantWithDevice(hub, 'Rival');
    const crossTenant = stockClient(hub.wsUrl, site.ops, rival.token);
    crossTenant.doc.getMap('stock').set('flour', 0);
    await firstClose(crossTenant);
    crossTenant.destroy();

    const check = stockClient(hub.wsUrl, site.ops, site.token);
    await check.synced;
    expect(check.doc.getMap('stock').toJSON()).toEqual({ flour: 5000 });
    check.destroy();
    owner.destroy();
  });

  it('a read-only device receives the document, and what it writes is dropped, counted and reaches no one', async () => {
    const site = await tenantWithDevice(hub);
    const readOnly = await site.device({ canWrite: false });
    const writer = stockClient(hub.wsUrl, site.ops, site.token);
    await writer.synced;
    // The overwrite leaves a deletion that every device's sync reply repeats: that is not a write.
    writer.doc.getMap('stock').set('flour', 4000);
    writer.doc.getMap('stock').set('flour', 5000);
    writer.provider.awareness.setLocalStateField('done', true);

    const droppedBefore = (await hub.metrics.refused.get()).values.find((v) => v.labels.reason === 'read_only')?.value ?? 0;
    const reader = stockClient(hub.wsUrl, site.ops, readOnly);
    await reader.synced;
    await until(reader.doc, () => reader.doc.getMap('stock').get('flour') === 5000);
    // Connecting again, it answers the hub's sync request with everything it holds, deletions included.
    reader.provider.disconnect();
    const resynced = new Promise<void>((resolve) => reader.provider.once('sync', (isSynced: boolean) => isSynced && resolve()));
    reader.provider.connect();
    await resynced;
    reader.doc.getMap('stock').set('flour', 0);
    reader.doc.getMap('stock').set('caviar', 1);
    reader.provider.awareness.setLocalStateField('done', true);
    await untilAwareness(writer, (s) => s.done === true);

    expect(writer.doc.getMap('stock').toJSON()).toEqual({ flour: 5000 });
    const dropped = (await hub.metrics.refused.get()).values.find((v) => v.labels.reason === 'read_only')?.value ?? 0;
    expect(dropped - droppedBefore).toBe(2);
    const check = stockClient(hub.wsUrl, site.ops, site.token);
    await check.synced;
    expect(check.doc.getMap('stock').toJSON()).toEqual({ flour: 5000 });
    [writer, reader, check].forEach((c) => c.destroy());
  });

  it('the directory is read-only for every device', async () => {
    const site = await tenantWithDevice(hub);
    const directory = `${site.tenantId}/directory`;
    const device = stockClient(hub.wsUrl, directory, site.token);
    await device.synced;
    device.doc.getMap('users').set('mallory', { role: 'ADMIN' });
    device.provider.awareness.setLocalStateField('done', true);
    const other = stockClient(hub.wsUrl, directory, await site.device({ canWrite: true }));
    await other.synced;
    await untilAwareness(other, (s) => s.done === true);
    const check = stockClient(hub.wsUrl, directory, site.token);
    await check.synced;
    expect(check.doc.getMap('users').toJSON()).toEqual({});
    expect(other.doc.getMap('users').toJSON()).toEqual({});
    [device, other, check].forEach((c) => c.destroy());
  });

  it('closes the connections of a revoked device and refuses its token from then on', async () => {
    const site = await tenantWithDevice(hub);
    const client = stockClient(hub.wsUrl, site.ops, site.token);
    await client.synced;
    const closed = firstClose(client);
    const devices = await hub.db.selectFrom('devices').select('id').where('tenant_id', '=', site.tenantId).execute();
    await hub.revokeDevice(site.tenantId, devices[0]!.id);
    expect((await closed).code).toBe(1008);
    client.destroy();
    expect(await upgradeStatus(`${hub.wsUrl}/${site.ops}?token=${site.token}`)).toBe(401);
  });
});

