// The embedded hub persists an update in its journal before it relays it, and writes the database
// just after. An update the database did not take before the hub stopped is still the
// document's when the hub starts again.
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { startHub } from '../hub';
import { openHubDatabase } from '../storage/database';
import { tenantWithDevice } from '../testing/hub-fixture';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { stockClient, until } from '../testing/sync-clients';

describe('the embedded hub’s update journal', () => {
  let stopStorage: (() => Promise<void>) | undefined;
  afterAll(() => stopStorage?.());

  it('relays what the database refuses for now, and stores it from the journal at the next start', async () => {
    const storage = await STORAGE_BACKENDS[0]!.start();
    stopStorage = storage.stop;
    const errors: string[] = [];
    const hub = await startHub({ storage: storage.options, port: 0, onError: (e, context) => errors.push(`${context}: ${String(e)}`) });
    const site = await tenantWithDevice(hub);
    const writer = stockClient(hub.wsUrl, site.ops, site.token);
    const watcher = stockClient(hub.wsUrl, site.ops, site.token);
    await Promise.all([writer.synced, watcher.synced]);
    // A database that takes nothing more (a full disk, say), from here on.
    await sql`CREATE FUNCTION refuse_update() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'no room left'; END $$ LANGUAGE plpgsql`.execute(hub.db);
    await sql`CREATE TRIGGER refuse_update BEFORE INSERT ON doc_updates FOR EACH ROW EXECUTE FUNCTION refuse_update()`.execute(hub.db);

    for (let i = 0; i < 5; i++) writer.doc.getMap('stock').set(`item${i}`, i);
    await until(watcher.doc, () => watcher.doc.getMap('stock').size === 5);
    const written = writer.doc.getMap('stock').toJSON();
    writer.destroy();
    watcher.destroy();
    await hub.close();
    expect(errors.some((e) => e.includes('no room left'))).toBe(true);

    // The disk has room again; the hub starts on the same folder.
    const db = await openHubDatabase(storage.options);
    await sql`DROP TRIGGER refuse_update ON doc_updates`.execute(db);
    await db.destroy();
    const restarted = await startHub({ storage: storage.options, port: 0 });
    try {
      const reader = stockClient(restarted.wsUrl, site.ops, site.token);
      await reader.synced;
      expect(reader.doc.getMap('stock').toJSON()).toEqual(written);
      reader.destroy();
    } finally {
      await restarted.close();
    }
  }, 120_000);
});
