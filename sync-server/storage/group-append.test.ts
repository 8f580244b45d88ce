import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { openHubDatabase, type HubDatabase } from './database';
import { loadUpdates } from './doc-store';
import { GroupAppender, storeJournalFrames } from './group-append';
import { UpdateJournal } from './update-journal';
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

  describe('with a journal (the embedded database)', () => {
    /** Makes the database refuse every stored update until `allow` is called: a disk full, a database gone wrong. */
    async function refuseStoring(): Promise<() => Promise<void>> {
      await sql`CREATE OR REPLACE FUNCTION refuse_update() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'no room left'; END $$ LANGUAGE plpgsql`.execute(db);
      await sql`CREATE TRIGGER refuse_update BEFORE INSERT ON doc_updates FOR EACH ROW EXECUTE FUNCTION refuse_update()`.execute(db);
      return async () => void (await sql`DROP TRIGGER refuse_update ON doc_updates`.execute(db));
    }

    function journalDir(): string {
      return mkdtempSync(join(tmpdir(), 'opsflow-journal-'));
    }

    it('an update is persisted once journaled; the database refusing it only delays it, in order, until it takes it', async () => {
      const a = await createTenant(db, { name: 'A', locationName: 'Lyon', nowMs: NOW });
      const ops = `${a.tenantId}/${a.locationId}/ops`;
      const dir = journalDir();
      try {
        const journal = await UpdateJournal.open(dir, (frames) => storeJournalFrames(db, frames), () => {});
        let retry!: () => void;
        const failures: unknown[] = [];
        const appender = new GroupAppender(db, { journal, onError: (e) => failures.push(e), retryDelay: () => new Promise<void>((resolve) => (retry = resolve)) });
        const allow = await refuseStoring();
        const updates = updatesOf(3, 'j');
        for (const update of updates) await appender.append(a.tenantId, ops, update);
        const stored = appender.storedAll(ops);
        await until(() => failures.length > 0);
        expect(String(failures[0])).toContain('no room left');
        expect(await loadUpdates(db, a.tenantId, ops)).toEqual([]);
        expect(readdirSync(dir)).toHaveLength(1);
        await allow();
        retry();
        await stored;
        expect(await loadUpdates(db, a.tenantId, ops)).toEqual(updates);
        await appender.close();
        journal.close();
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('what the database had not taken when the hub stopped is stored at the next start, from the journal', async () => {
      const a = await createTenant(db, { name: 'A', locationName: 'Lyon', nowMs: NOW });
      const log = `${a.tenantId}/${a.locationId}/log/2026-11`;
      const dir = journalDir();
      try {
        const journal = await UpdateJournal.open(dir, (frames) => storeJournalFrames(db, frames), () => {});
        const failures: unknown[] = [];
        const appender = new GroupAppender(db, { journal, onError: (e) => failures.push(e), retryDelay: () => new Promise(() => {}) });
        const allow = await refuseStoring();
        const updates = updatesOf(4, 'k');
        for (const update of updates) await appender.append(a.tenantId, log, update);
        await until(() => failures.length > 0);
        // The hub stops (or dies) with the updates in the journal only.
        await appender.close();
        journal.close();
        await allow();
        const next = await UpdateJournal.open(dir, (frames) => storeJournalFrames(db, frames), () => {});
        expect(await loadUpdates(db, a.tenantId, log)).toEqual(updates);
        next.close();
        expect(readdirSync(dir)).toEqual([]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
});

/** Waits, a turn of the event loop at a time, until `done` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 10_000 && !done(); i++) await new Promise((resolve) => setImmediate(resolve));
  if (!done()) throw new Error('gave up waiting');
}
