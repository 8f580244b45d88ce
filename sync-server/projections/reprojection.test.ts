import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { encodeCorrectiveActionBatch, encodeCorrectiveSignoffBatch } from '../../domain/haccp/corrective-action-facts';
import { encodeMovementBatch } from '../../domain/inventory/movement-batch';
import type { MovementFact } from '../../domain/inventory/movements';
import { encodeReadingsBatch } from '../../domain/readings/readings-batch';
import { FACT_BATCHES_MAP } from '../../domain/sync/fact-batch';
import { TASKS_MAP, type TaskRecord } from '../../domain/tasks/records';
import { startHub, type Hub, type HubOptions } from '../hub';
import { tenantWithDevice, TEST_NOW } from '../testing/hub-fixture';
import { RawSyncClient } from '../testing/sync-clients';

/**
 * The hub stores an update, then projects it in a second transaction. A hub that dies in between
 * has acknowledged an update whose rows are missing; it must find and project it when it loads
 * the document again — once: nothing counted twice. The crash point is injected (`beforeProjecting`
 * throws, as a process killed there would never go on); the hub is then stopped and started again
 * on the same data folder.
 */
vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

let dataDir: string;
let hub: Hub | null = null;
beforeEach(() => {
  dataDir = mkdtempSync(join(tmpdir(), 'opsflow-hub-'));
});
afterEach(async () => {
  await hub?.close();
  hub = null;
  rmSync(dataDir, { recursive: true, force: true });
});

async function restart(options: Partial<HubOptions> = {}): Promise<Hub> {
  await hub?.close();
  hub = await startHub({ storage: { dataDir }, port: 0, nowMs: () => TEST_NOW, onError: () => {}, ...options });
  return hub;
}

function movement(id: string, kind: 'receive' | 'use', deltaBase: number): MovementFact {
  return {
    id, kind, itemId: 'flour', deltaBase, lot: '', expiresOn: null, atMs: TEST_NOW, actorId: 'u1', actorName: 'Ana', reason: '', note: '',
    supplierId: null, reversesId: null, transferId: null, otherLocationId: null, countId: null, unitCostMilliCents: 80,
  };
}

/** Sets batches into the log document through the protocol, as a device would; resolves once the hub has stored them. */
async function send(client: RawSyncClient, batches: Record<string, Uint8Array>): Promise<void> {
  client.sendUpdate(client.changeLocally((doc) => Object.entries(batches).forEach(([key, batch]) => doc.getMap(FACT_BATCHES_MAP).set(key, batch))));
  await client.roundTrip();
}

async function onHand(h: Hub, tenantId: string): Promise<number | null> {
  const row = await h.db.selectFrom('stock_balances').select('on_hand_base').where('tenant_id', '=', tenantId).where('item_id', '=', 'flour').executeTakeFirst();
  return row ? Number(row.on_hand_base) : null;
}

async function readingCount(h: Hub, tenantId: string): Promise<number> {
  return (await h.db.selectFrom('readings').select('at_ms').where('tenant_id', '=', tenantId).execute()).length;
}

/** Loads a document at the hub (the log unless told; a device connects) and waits for its first answer. */
async function open(h: Hub, t: Awaited<ReturnType<typeof tenantWithDevice>>, docName = t.log): Promise<RawSyncClient> {
  const client = await RawSyncClient.open(`${h.wsUrl}/${docName}?token=${t.token}`);
  await client.roundTrip();
  return client;
}

describe('projections after a crash between storing and projecting', () => {
  it('a hub killed after storing an update projects it when it loads the document again, and only once', async () => {
    let killed = false;
    const first = await restart({ beforeProjecting: () => {
      if (killed) throw new Error('the hub process was killed here');
    } });
    const t = await tenantWithDevice(first);
    const client = await open(first, t);
    await send(client, { 'batch-1': encodeMovementBatch([movement('m1', 'receive', 25_000)]) });
    expect(await onHand(first, t.tenantId)).toBe(25_000);

    killed = true;
    const readings = encodeReadingsBatch({ sensorId: 's1', source: 'download', atMs: [TEST_NOW, TEST_NOW + 60_000], tempCentiC: [300, 310], rawCentiC: [300, 310] });
    await send(client, { 'batch-2': encodeMovementBatch([movement('m2', 'use', -5000)]), 'batch-3': readings });
    // Stored and acknowledged, but its rows never written: the state a kill at that point leaves.
    expect(await onHand(first, t.tenantId)).toBe(25_000);
    expect(await readingCount(first, t.tenantId)).toBe(0);
    client.close();

    const second = await restart();
    expect(await onHand(second, t.tenantId)).toBe(25_000);
    (await open(second, t)).close();
    expect(await onHand(second, t.tenantId)).toBe(20_000);
    expect(await readingCount(second, t.tenantId)).toBe(2);

    // Loaded again (another restart): nothing is behind, nothing counted twice.
    const third = await restart();
    (await open(third, t)).close();
    expect(await onHand(third, t.tenantId)).toBe(20_000);
    expect(await readingCount(third, t.tenantId)).toBe(2);
  });

  it('a projection that failed while the document stays loaded is caught up by the next update', async () => {
    let failNext = false;
    const h = await restart({ beforeProjecting: () => {
      if (failNext) {
        failNext = false;
        throw new Error('the database went away for a moment');
      }
    } });
    const t = await tenantWithDevice(h);
    const client = await open(h, t);
    failNext = true;
    await send(client, { 'batch-1': encodeMovementBatch([movement('m1', 'receive', 25_000)]) });
    expect(await onHand(h, t.tenantId)).toBeNull();
    await send(client, { 'batch-2': encodeMovementBatch([movement('m2', 'use', -5000)]) });
    expect(await onHand(h, t.tenantId)).toBe(20_000);
    client.close();
  });

  it('tasks and corrective actions stored but not projected when the hub died are projected when it loads their documents again', async () => {
    let killed = false;
    const first = await restart({ beforeProjecting: () => {
      if (killed) throw new Error('the hub process was killed here');
    } });
    const t = await tenantWithDevice(first);
    const ops = await open(first, t, t.ops);
    ops.sendUpdate(ops.changeLocally((doc) => doc.getMap(TASKS_MAP).set('t1', new Y.Map(Object.entries(task('Clean the fryer'))))));
    await ops.roundTrip();
    expect(await taskTitles(first, t.tenantId)).toEqual(['Clean the fryer']);

    killed = true;
    ops.sendUpdate(ops.changeLocally((doc) => {
      (doc.getMap(TASKS_MAP).get('t1') as Y.Map<unknown>).set('title', 'Clean the fryer and the hood');
      doc.getMap(TASKS_MAP).set('t2', new Y.Map(Object.entries(task('Descale the kettle'))));
    }));
    await ops.roundTrip();
    const log = await open(first, t);
    await send(log, { 'ca-1': encodeCorrectiveActionBatch([correctiveAction('ca-1')]), 'so-1': encodeCorrectiveSignoffBatch([{ id: 'so-1', actionId: 'ca-1', atMs: TEST_NOW, actorId: 'u2', actorName: 'Marc', note: '' }]) });
    // Stored and acknowledged, but not projected: what a kill at that point leaves.
    expect(await taskTitles(first, t.tenantId)).toEqual(['Clean the fryer']);
    expect(await correctiveIds(first, t.tenantId)).toEqual({ actions: [], signoffs: [] });
    ops.close();
    log.close();

    const second = await restart();
    (await open(second, t, t.ops)).close();
    (await open(second, t)).close();
    expect(await taskTitles(second, t.tenantId)).toEqual(['Clean the fryer and the hood', 'Descale the kettle']);
    expect(await correctiveIds(second, t.tenantId)).toEqual({ actions: ['ca-1'], signoffs: ['so-1'] });
  });
});

function task(title: string): TaskRecord {
  return {
    title, notes: '', type: 'cleaning', priority: 'medium', assigneeUserId: null, assigneeRole: null, dueAtMs: null, status: 'todo', recurrence: null, followsTaskId: null,
    createdAtMs: TEST_NOW, createdById: 'u1', createdByName: 'Ana', completedAtMs: null, completedByName: null, deleted: false, origin: null,
  };
}

function correctiveAction(id: string) {
  return {
    id, sensorId: 's1', excursionStartMs: TEST_NOW - 3_600_000, unitName: 'Walk-in', cause: 'Door left ajar', action: 'moved' as const, quantity: null,
    disposition: 'Moved to the reach-in', note: '', atMs: TEST_NOW, actorId: 'u1', actorName: 'Ana', amends: null,
  };
}

async function taskTitles(h: Hub, tenantId: string): Promise<string[]> {
  return (await h.db.selectFrom('tasks').select('title').where('tenant_id', '=', tenantId).orderBy('id').execute()).map((r) => r.title);
}

async function correctiveIds(h: Hub, tenantId: string) {
  return {
    actions: (await h.db.selectFrom('corrective_actions').select('id').where('tenant_id', '=', tenantId).execute()).map((r) => r.id),
    signoffs: (await h.db.selectFrom('corrective_signoffs').select('id').where('tenant_id', '=', tenantId).execute()).map((r) => r.id),
  };
}
