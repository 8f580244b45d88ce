import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { openHubDatabase, type HubDatabase } from './database';
import { loadUpdates } from './doc-store';
import { GroupAppender } from './group-append';
import { createTenant } from './tenants';

const NOW = Date.UTC(2026, 10, 25, 12);

function updatesOf(count: number, prefix: string): Uint8Array[] {
  const doc = new Y.Doc();
  const out: Uint8Array[] = [];
  doc.on('update', (u: Uint8Array) => out.push(u));
  for (let i = 0; i < count; i++) doc.getMap('m').set(`${prefix}${i}`, i);
  return out;
}

describe('storing updates handed in together (group commit)', () => {
  let db: HubDatabase;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    const started = await STORAGE_BACKENDS[0]!.start();
    stop = started.stop;
    db = await openHubDatabase(started.options);
  }, 120_000);

  afterAll(async () => {
    await db?.destroy();
    await stop?.();
  });

  it('stores every update of several documents and tenants, each document in the order it was handed in', async () => {
    const a = await createTenant(db, { name: 'A', locationName: 'Lyon', nowMs: NOW });
    const b = await createTenant(db, { name: 'B', locationName: 'Lyon', nowMs: NOW });
    const docs = [
      { tenantId: a.tenantId, name: `${a.tenantId}/${a.locationId}/ops`, updates: updatesOf(30, 'a') },
      { tenantId: a.tenantId, name: `${a.tenantId}/${a.locationId}/log/2026-11`, updates: updatesOf(30, 'l') },
      { tenantId: b.tenantId, name: `${b.tenantId}/${b.locationId}/ops`, updates: updatesOf(30, 'b') },
    ];
    const appender = new GroupAppender(db);
    // Each document's updates one after another (as a room's queue does), the documents side by side.
    await Promise.all(docs.map(async (d) => {
      for (const update of d.updates) await appender.append(d.tenantId, d.name, update);
    }));
    for (const d of docs) expect(await loadUpdates(db, d.tenantId, d.name)).toEqual(d.updates);
  });

  it('refuses every update of a write that fails (so none is relayed unstored), and stores the next ones', async () => {
    const a = await createTenant(db, { name: 'A', locationName: 'Lyon', nowMs: NOW });
    const appender = new GroupAppender(db);
    const ops = `${a.tenantId}/${a.locationId}/ops`;
    const log = `${a.tenantId}/${a.locationId}/log/2026-11`;
    const [first, second] = updatesOf(2, 'x');
    // A row the database refuses (no bytes) fails the transaction it shares with the other document's update.
    const results = await Promise.allSettled([appender.append(a.tenantId, ops, first!), appender.append(a.tenantId, log, null as unknown as Uint8Array)]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(await loadUpdates(db, a.tenantId, ops)).toEqual([]);
    await appender.append(a.tenantId, ops, first!);
    await appender.append(a.tenantId, ops, second!);
    expect(await loadUpdates(db, a.tenantId, ops)).toEqual([first, second]);
  });
});
