import { afterAll, describe, expect, it } from 'vitest';
import { startHub } from '../hub';
import { tenantWithDevice } from '../testing/hub-fixture';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { stockClient, untilAwareness } from '../testing/sync-clients';

describe('compaction on the hub', () => {
  let stopStorage: (() => Promise<void>) | undefined;
  afterAll(() => stopStorage?.());

  it('merges a busy document into few rows while clients keep writing, and serves the same content after a restart', async () => {
    const storage = await STORAGE_BACKENDS[0]!.start();
    stopStorage = storage.stop;
    const hub = await startHub({ storage: storage.options, port: 0, compactAfter: 20, onError: (e) => console.error(e) });
    const site = await tenantWithDevice(hub);
    const writer = stockClient(hub.wsUrl, site.ops, site.token);
    const watcher = stockClient(hub.wsUrl, site.ops, site.token);
    await Promise.all([writer.synced, watcher.synced]);
    for (let i = 0; i < 150; i++) writer.doc.getMap('stock').set(`k${i % 40}`, i);
    writer.provider.awareness.setLocalStateField('done', true);
    await untilAwareness(watcher, (s) => s.done === true);
    const written = writer.doc.getMap('stock').toJSON();
    expect(watcher.doc.getMap('stock').toJSON()).toEqual(written);
    writer.destroy();
    watcher.destroy();
    await hub.close();

    const restarted = await startHub({ storage: storage.options, port: 0, compactAfter: 20 });
    const { count } = await restarted.db.selectFrom('doc_updates').select((eb) => eb.fn.countAll<string>().as('count')).where('doc_name', '=', site.ops).executeTakeFirstOrThrow();
    expect(Number(count)).toBeLessThanOrEqual(40);
    const reader = stockClient(restarted.wsUrl, site.ops, site.token);
    await reader.synced;
    expect(reader.doc.getMap('stock').toJSON()).toEqual(written);
    reader.destroy();
    await restarted.close();
  }, 120_000);
});
