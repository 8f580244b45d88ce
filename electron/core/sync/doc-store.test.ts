import * as Y from 'yjs';
import { afterEach, describe, expect, it } from 'vitest';
import { DIRECTORY_MAPS } from '../../../domain/directory/records';
import { directoryDocName, logDocName } from '../../../domain/sync/doc-names';
import type { Engine } from '../engine';
import { call, openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';

const opened: { engine: Engine; cleanup: () => void }[] = [];
afterEach(() => {
  for (const { engine, cleanup } of opened.splice(0)) {
    engine.close();
    cleanup();
  }
});

async function engineIn(dir: string, cleanup: () => void = () => {}) {
  const engine = await openTestEngine({ dataDir: dir, tuning: { compactAfterUpdates: 20 } });
  opened.push({ engine, cleanup });
  return engine;
}

describe('the document store', () => {
  it('compacts a document past the threshold and keeps every change', async () => {
    const temp = tempDataDir();
    const engine = await engineIn(temp.dir, temp.cleanup);
    const admin = await setUpOrganization(engine);
    const name = directoryDocName(engine.context.identity()!.tenantId);
    for (let i = 1; i <= 45; i++) await call(engine, 'settings.update', { idleLockMinutes: i }, admin.token);
    expect(engine.context.docs.storedUpdateCount(name)).toBeLessThanOrEqual(21);

    engine.close();
    opened.pop();
    const reopened = await engineIn(temp.dir, temp.cleanup);
    const settings = reopened.context.docs.get(name).getMap(DIRECTORY_MAPS.settings);
    expect(settings.get('idleLockMinutes')).toBe(45);
    expect(reopened.context.directory.settings().idleLockMinutes).toBe(45);
  });

  it('loads only the current month of facts at start-up; an older month loads when asked for', async () => {
    const temp = tempDataDir();
    const engine = await engineIn(temp.dir, temp.cleanup);
    await setUpOrganization(engine);
    const { tenantId, homeLocationId } = engine.context.identity()!;
    const lastYear = logDocName(tenantId, homeLocationId, Date.now() - 365 * 24 * 3600_000);
    engine.context.docs.change(lastYear, (doc) => doc.getMap('batches').set('k', Uint8Array.of(9)));
    engine.close();
    opened.pop();

    const reopened = await engineIn(temp.dir, temp.cleanup);
    expect(reopened.context.docs.isLoaded(logDocName(tenantId, homeLocationId, Date.now()))).toBe(true);
    expect(reopened.context.docs.isLoaded(lastYear)).toBe(false);
    expect(reopened.context.docs.get(lastYear).getMap('batches').get('k')).toEqual(Uint8Array.of(9));
  });

  it('an update from elsewhere takes the same path: stored in the update log and projected', async () => {
    const temp = tempDataDir();
    const engine = await engineIn(temp.dir, temp.cleanup);
    await setUpOrganization(engine);
    const name = directoryDocName(engine.context.identity()!.tenantId);
    const before = engine.context.docs.storedUpdateCount(name);

    // Another site, starting from this document's state, adds a location.
    const other = new Y.Doc();
    Y.applyUpdate(other, Y.encodeStateAsUpdate(engine.context.docs.get(name)));
    const changes: Uint8Array[] = [];
    other.on('update', (u: Uint8Array) => changes.push(u));
    other.getMap(DIRECTORY_MAPS.locations).set(
      'remote-location',
      new Y.Map(Object.entries({ name: 'Uptown', address: '', timeZone: 'UTC', temperatureUnit: 'C', createdAtMs: 1 })),
    );
    engine.context.docs.applyRemote(name, changes[0]!);

    expect(engine.context.directory.location('remote-location')?.name).toBe('Uptown');
    expect(engine.context.docs.storedUpdateCount(name)).toBe(before + 1);
  });
});
