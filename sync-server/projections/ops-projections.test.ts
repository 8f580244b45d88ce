import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { encodeCorrectiveActionBatch, encodeCorrectiveSignoffBatch, type CorrectiveActionFact } from '../../domain/haccp/corrective-action-facts';
import { HACCP_OPS_MAPS, type UnitRecord } from '../../domain/haccp/records';
import { verdictFlags } from '../../domain/haccp/verdict';
import { encodeReadingsBatch } from '../../domain/readings/readings-batch';
import { OPS_MAPS, type SensorRecord } from '../../domain/sensors/records';
import { FACT_BATCHES_MAP } from '../../domain/sync/fact-batch';
import { TASKS_MAP, type TaskRecord } from '../../domain/tasks/records';
import type { Hub } from '../hub';
import { createAdminToken } from '../storage/tenants';
import { withTenant } from '../storage/tenant-scope';
import { tenantWithDevice, TEST_NOW } from '../testing/hub-fixture';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { RawSyncClient } from '../testing/sync-clients';
import { hubForSuite } from '../testing/hub-for-suite';
import type { LocationRollup } from './rollup';

const MIN = 60_000;
const DAY = 24 * 60 * MIN;
const COOLER_MAX = { kind: 'max', limitCentiC: 500 } as const;

/** A logger download of `minutes` one-minute readings from `fromMs`, out of range (8 °C in a 5 °C cooler) for the minutes in `out`. */
function download(sensorId: string, fromMs: number, minutes: number, out: [number, number]) {
  const atMs = Array.from({ length: minutes }, (_, i) => fromMs + i * MIN);
  const isOut = (i: number) => i >= out[0] && i < out[1];
  const tempCentiC = atMs.map((_, i) => (isOut(i) ? 800 : 300));
  return encodeReadingsBatch({ sensorId, source: 'download', atMs, tempCentiC, rawCentiC: tempCentiC, flags: atMs.map((_, i) => verdictFlags(COOLER_MAX, !isOut(i))) });
}

const UNIT: UnitRecord = { name: 'Walk-in', type: 'walk-in-cooler', limitCentiC: null, alarmDelayMin: 30, active: true, createdAtMs: TEST_NOW - 40 * DAY };
const SENSOR: SensorRecord = {
  deviceSerial: 'RC4-1', deviceFamily: 'elitech', channel: 'internal', name: 'Logger', unitLabel: '', intervalS: 60, calibrationOffsetCentiC: 0,
  calibratedAtMs: null, calibrationDueMs: null, active: true, createdAtMs: TEST_NOW - 40 * DAY, unitId: 'walk-in',
};
function task(title: string, status: TaskRecord['status'], dueAtMs: number | null): TaskRecord {
  return {
    title, notes: '', type: 'cleaning', priority: 'medium', assigneeUserId: null, assigneeRole: null, dueAtMs, status, recurrence: null, followsTaskId: null,
    createdAtMs: TEST_NOW - DAY, createdById: 'u1', createdByName: 'Ana', completedAtMs: status === 'done' ? TEST_NOW - MIN : null, completedByName: status === 'done' ? 'Ana' : null, deleted: false, origin: null,
  };
}
function action(id: string, excursionStartMs: number, amends: string | null = null): CorrectiveActionFact {
  return {
    id, sensorId: 'logger', excursionStartMs, unitName: 'Walk-in', cause: 'Door left ajar', action: 'moved', quantity: null, disposition: 'Moved to the reach-in',
    note: '', atMs: excursionStartMs + 60 * MIN, actorId: 'u1', actorName: 'Ana', amends,
  };
}
const signoff = (id: string, actionId: string) => encodeCorrectiveSignoffBatch([{ id, actionId, atMs: TEST_NOW - MIN, actorId: 'u2', actorName: 'Marc', note: '' }]);

const record = (value: object) => new Y.Map(Object.entries(value));

describe.each(STORAGE_BACKENDS)('ops documents and corrective actions at the hub on $name', (backend) => {
  let hub: Hub;
  const problems: string[] = [];

  hubForSuite(backend, { nowMs: () => TEST_NOW, onError: (error, context) => problems.push(`${context}: ${String(error)}`) }, (started) => (hub = started));

  /** Changes a document through the hub, as a device would; resolves once the hub has handled it. */
  async function change(docName: string, token: string, edit: (doc: Y.Doc) => void) {
    const client = await RawSyncClient.open(`${hub.wsUrl}/${docName}?token=${token}`);
    await client.roundTrip();
    client.sendUpdate(client.changeLocally(edit));
    await client.roundTrip();
    client.close();
  }

  async function rollupOf(tenantId: string): Promise<LocationRollup[]> {
    const token = await createAdminToken(hub.db, tenantId, { name: 'Owner', nowMs: TEST_NOW });
    const res = await fetch(`${hub.url}/api/v1/admin/rollup`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as LocationRollup[];
  }

  const counts = ({ excursionsWithoutSignedAction, openTasks, overdueTasks }: LocationRollup) => ({ excursionsWithoutSignedAction, openTasks, overdueTasks });

  /**
   * Lyon's walk-in (30-minute alarm delay) and its logger; four downloads: two 40-minute excursions
   * this week (one action signed, one not), one 10 minutes out (no excursion), one 40 days ago
   * (outside the roll-up's 30 days); three tasks (one overdue, one open with no due time following up low stock, one done).
   */
  async function lyon() {
    const site = await tenantWithDevice(hub);
    const days = [3, 2, 1].map((d) => TEST_NOW - d * DAY);
    const longAgo = TEST_NOW - 40 * DAY;
    await change(site.ops, site.token, (doc) => {
      doc.getMap(HACCP_OPS_MAPS.units).set('walk-in', record(UNIT));
      doc.getMap(OPS_MAPS.sensors).set('logger', record(SENSOR));
      doc.getMap(TASKS_MAP).set('t-overdue', record(task('Clean the fryer', 'todo', TEST_NOW - 60 * MIN)));
      doc.getMap(TASKS_MAP).set('t-open', record({ ...task('Restock napkins', 'in_progress', null), origin: { kind: 'lowStock', ref: 'napkins', label: 'Low stock: Napkins, 2 each on hand' } }));
      doc.getMap(TASKS_MAP).set('t-done', record(task('Mop the floor', 'done', TEST_NOW - 2 * DAY)));
    });
    await change(site.log, site.token, (doc) => {
      const batches = doc.getMap(FACT_BATCHES_MAP);
      batches.set('r1', download('logger', days[0]!, 80, [10, 50]));
      batches.set('r2', download('logger', days[1]!, 80, [10, 50]));
      batches.set('r3', download('logger', days[2]!, 80, [10, 20]));
      batches.set('ca-1', encodeCorrectiveActionBatch([action('ca-1', days[0]! + 10 * MIN)]));
      batches.set('so-1', signoff('so-1', 'ca-1'));
      batches.set('ca-2', encodeCorrectiveActionBatch([action('ca-2', days[1]! + 10 * MIN)]));
    });
    await change(`${site.tenantId}/${site.locationId}/log/2026-10`, site.token, (doc) => doc.getMap(FACT_BATCHES_MAP).set('r0', download('logger', longAgo, 80, [10, 50])));
    return { site, days };
  }

  it('projects tasks, units and sensors from the ops document and corrective actions from the log, and the roll-up counts what waits', async () => {
    const { site } = await lyon();
    expect(counts((await rollupOf(site.tenantId))[0]!)).toEqual({ excursionsWithoutSignedAction: 1, openTasks: 2, overdueTasks: 1 });
    const tables = await withTenant(hub.db, site.tenantId, async (trx) => ({
      tasks: await trx.selectFrom('tasks').select(['id', 'location_id', 'title', 'status', 'origin_kind', 'origin_ref']).orderBy('id').execute(),
      units: await trx.selectFrom('haccp_units').select(['id', 'alarm_delay_min']).execute(),
      sensors: await trx.selectFrom('sensors').select(['id', 'unit_id']).execute(),
      actions: await trx.selectFrom('corrective_actions').select(['id', 'sensor_id', 'amends']).orderBy('id').execute(),
      signoffs: await trx.selectFrom('corrective_signoffs').select(['id', 'action_id']).execute(),
    }));
    expect(tables).toEqual({
      tasks: [
        { id: 't-done', location_id: site.locationId, title: 'Mop the floor', status: 'done', origin_kind: null, origin_ref: null },
        { id: 't-open', location_id: site.locationId, title: 'Restock napkins', status: 'in_progress', origin_kind: 'lowStock', origin_ref: 'napkins' },
        { id: 't-overdue', location_id: site.locationId, title: 'Clean the fryer', status: 'todo', origin_kind: null, origin_ref: null },
      ],
      units: [{ id: 'walk-in', alarm_delay_min: 30 }],
      sensors: [{ id: 'logger', unit_id: 'walk-in' }],
      actions: [
        { id: 'ca-1', sensor_id: 'logger', amends: null },
        { id: 'ca-2', sensor_id: 'logger', amends: null },
      ],
      signoffs: [{ id: 'so-1', action_id: 'ca-1' }],
    });
  });

  it('follows edits: a task done or deleted leaves the counts, an unsigned amendment reopens a signed excursion until it is signed', async () => {
    const { site, days } = await lyon();
    // One field of a task's record, as the desktop edits it.
    await change(site.ops, site.token, (doc) => (doc.getMap(TASKS_MAP).get('t-overdue') as Y.Map<unknown>).set('status', 'done'));
    await change(site.ops, site.token, (doc) => (doc.getMap(TASKS_MAP).get('t-open') as Y.Map<unknown>).set('deleted', true));
    await change(site.log, site.token, (doc) => doc.getMap(FACT_BATCHES_MAP).set('ca-1b', encodeCorrectiveActionBatch([action('ca-1b', days[0]! + 10 * MIN, 'ca-1')])));
    expect(counts((await rollupOf(site.tenantId))[0]!)).toEqual({ excursionsWithoutSignedAction: 2, openTasks: 0, overdueTasks: 0 });
    expect(await withTenant(hub.db, site.tenantId, (trx) => trx.selectFrom('tasks').select('id').orderBy('id').execute())).toEqual([{ id: 't-done' }, { id: 't-overdue' }]);

    await change(site.log, site.token, (doc) => doc.getMap(FACT_BATCHES_MAP).set('so-1b', signoff('so-1b', 'ca-1b')));
    expect(counts((await rollupOf(site.tenantId))[0]!)).toEqual({ excursionsWithoutSignedAction: 1, openTasks: 0, overdueTasks: 0 });
  });

  it('counts an excursion that started before the roll-up’s 30 days and ended inside them, not one that ended before', async () => {
    const { site } = await lyon();
    const fromMs = TEST_NOW - 30 * DAY;
    await change(`${site.tenantId}/${site.locationId}/log/2026-10`, site.token, (doc) => {
      doc.getMap(FACT_BATCHES_MAP).set('r-ended-before', download('logger', fromMs - 3 * 60 * MIN, 80, [10, 50]));
      doc.getMap(FACT_BATCHES_MAP).set('r-across', download('logger', fromMs - 30 * MIN, 80, [10, 50]));
    });
    expect(counts((await rollupOf(site.tenantId))[0]!)).toMatchObject({ excursionsWithoutSignedAction: 2 });
  });

  it('describes the roll-up’s new counts in the OpenAPI document generated from its schema', async () => {
    const openApi = (await (await fetch(`${hub.url}/openapi.json`)).json()) as { components: { schemas: Record<string, { items?: { properties: Record<string, { type: string }>; required: string[] } }> } };
    const entry = openApi.components.schemas['RegionalRollup']!.items!;
    for (const field of ['excursionsWithoutSignedAction', 'openTasks', 'overdueTasks']) {
      expect(entry.properties[field]).toMatchObject({ type: 'integer' });
      expect(entry.required).toContain(field);
    }
  });

  it('skips a malformed task record with a sentence, keeps the others, and shows another tenant none of it', async () => {
    const { site } = await lyon();
    problems.length = 0;
    await change(site.ops, site.token, (doc) => doc.getMap(TASKS_MAP).set('t-bad', record({ ...task('', 'todo', null) })));
    expect(problems).toEqual([expect.stringMatching(/^projection of .*\/ops: Error: the tasks record t-bad was not projected: title: /)]);
    expect(counts((await rollupOf(site.tenantId))[0]!)).toMatchObject({ openTasks: 2 });

    const other = await tenantWithDevice(hub, 'Other chain');
    expect(counts((await rollupOf(other.tenantId))[0]!)).toEqual({ excursionsWithoutSignedAction: 0, openTasks: 0, overdueTasks: 0 });
    const seen = await withTenant(hub.db, other.tenantId, async (trx) => ({
      tasks: await trx.selectFrom('tasks').select('id').execute(),
      sensors: await trx.selectFrom('sensors').select('id').execute(),
      actions: await trx.selectFrom('corrective_actions').select('id').execute(),
      signoffs: await trx.selectFrom('corrective_signoffs').select('id').execute(),
    }));
    expect(seen).toEqual({ tasks: [], sensors: [], actions: [], signoffs: [] });
  });
});
