import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { FACT_BATCHES_MAP } from '../../domain/sync/fact-batch';
import type { Hub } from '../hub';
import { tenantWithDevice } from '../testing/hub-fixture';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { RawSyncClient, stockClient } from '../testing/sync-clients';
import { hubForSuite } from '../testing/hub-for-suite';

const BATCH = new Uint8Array([2, 10, 20, 30]);
const OTHER = new Uint8Array([2, 99]);

describe('log documents on the hub', () => {
  let hub: Hub;

  hubForSuite(STORAGE_BACKENDS[0]!, { maxUpdateBytes: 4096, onError: () => {} }, (started) => (hub = started));

  /** A log document holding one batch under key `k1`, and a connected client that has synced it. */
  async function logWithOneBatch() {
    const site = await tenantWithDevice(hub);
    const url = `${hub.wsUrl}/${site.log}?token=${site.token}`;
    const writer = await RawSyncClient.open(url);
    await writer.roundTrip();
    writer.sendUpdate(writer.changeLocally((doc) => doc.getMap(FACT_BATCHES_MAP).set('k1', BATCH)));
    await writer.roundTrip();
    writer.close();
    const attacker = await RawSyncClient.open(url);
    await attacker.roundTrip();
    expect(attacker.doc.getMap(FACT_BATCHES_MAP).get('k1')).toEqual(BATCH);
    return { site, url, attacker };
  }

  async function storedBatches(site: { log: string; token: string }) {
    const check = stockClient(hub.wsUrl, site.log, site.token);
    await check.synced;
    const batches = Object.fromEntries(check.doc.getMap<Uint8Array>(FACT_BATCHES_MAP).entries());
    check.destroy();
    return batches;
  }

  const refusedLogRewrites = async () => (await hub.metrics.refused.get()).values.find((v) => v.labels.reason === 'log_rewrite')?.value ?? 0;

  it('refuses an update that deletes an entry, closes the connection and keeps the entry', async () => {
    const { site, attacker } = await logWithOneBatch();
    const before = await refusedLogRewrites();
    attacker.sendUpdate(attacker.changeLocally((doc) => doc.getMap(FACT_BATCHES_MAP).delete('k1')));
    const closed = await attacker.closed;
    expect(closed.code).toBe(1008);
    expect(closed.reason).toMatch(/append-only.*deletes an entry/);
    expect(await refusedLogRewrites()).toBe(before + 1);
    expect(await storedBatches(site)).toEqual({ k1: BATCH });
  });

  it('refuses an update that overwrites an entry it has seen', async () => {
    const { site, attacker } = await logWithOneBatch();
    attacker.sendUpdate(attacker.changeLocally((doc) => doc.getMap(FACT_BATCHES_MAP).set('k1', OTHER)));
    expect((await attacker.closed).code).toBe(1008);
    expect(await storedBatches(site)).toEqual({ k1: BATCH });
  });

  it('refuses an entry made blind under an existing key with other bytes', async () => {
    const { site, url, attacker } = await logWithOneBatch();
    attacker.close();
    const blind = await RawSyncClient.open(url);
    blind.sendUpdate(blind.changeLocally((doc) => doc.getMap(FACT_BATCHES_MAP).set('k1', OTHER)));
    const closed = await blind.closed;
    expect(closed.reason).toMatch(/entry k1 already exists/);
    expect(await storedBatches(site)).toEqual({ k1: BATCH });
  });

  it('refuses anything but batches in the batches map', async () => {
    const site = await tenantWithDevice(hub);
    const client = await RawSyncClient.open(`${hub.wsUrl}/${site.log}?token=${site.token}`);
    client.sendUpdate(client.changeLocally((doc) => doc.getMap('notes').set('x', 'free text')));
    expect((await client.closed).code).toBe(1008);
    expect(await storedBatches(site)).toEqual({});
  });

  it('accepts the same batch made by a second device offline, and new entries after it', async () => {
    const { site, url, attacker } = await logWithOneBatch();
    attacker.close();
    const twin = await RawSyncClient.open(url);
    twin.sendUpdate(twin.changeLocally((doc) => doc.getMap(FACT_BATCHES_MAP).set('k1', BATCH.slice())));
    twin.sendUpdate(twin.changeLocally((doc) => doc.getMap(FACT_BATCHES_MAP).set('k2', OTHER)));
    await twin.roundTrip();
    // After the merge this device holds what the hub holds, including Yjs's choice between the twins.
    twin.sendUpdate(Y.encodeStateAsUpdate(twin.doc));
    await twin.roundTrip();
    twin.close();
    expect((await twin.closed).code).toBe(1005);
    expect(await storedBatches(site)).toEqual({ k1: BATCH, k2: OTHER });
  });

  it('refuses an update over the size cap and stores none of it', async () => {
    const site = await tenantWithDevice(hub);
    const client = await RawSyncClient.open(`${hub.wsUrl}/${site.ops}?token=${site.token}`);
    client.sendUpdate(client.changeLocally((doc) => doc.getMap('stock').set('blob', new Uint8Array(5000))));
    const closed = await client.closed;
    expect(closed.code).toBe(1009);
    expect(closed.reason).toMatch(/larger than the hub accepts/);
    const check = stockClient(hub.wsUrl, site.ops, site.token);
    await check.synced;
    expect(check.doc.getMap('stock').toJSON()).toEqual({});
    check.destroy();
  });

  it('refuses an unreadable update or message, stores nothing and keeps the document loadable', async () => {
    const site = await tenantWithDevice(hub);
    const url = `${hub.wsUrl}/${site.ops}?token=${site.token}`;
    const garbage = await RawSyncClient.open(url);
    garbage.sendUpdate(new Uint8Array([1, 200, 7, 7, 7]));
    expect((await garbage.closed).code).toBe(1002);
    const cutShort = await RawSyncClient.open(url);
    cutShort.sendRaw(new Uint8Array([0, 2, 50, 1]));
    expect((await cutShort.closed).code).toBe(1002);
    expect(await hub.db.selectFrom('doc_updates').select('seq').where('doc_name', '=', site.ops).execute()).toEqual([]);
    const check = stockClient(hub.wsUrl, site.ops, site.token);
    await check.synced;
    check.destroy();
  });
});
