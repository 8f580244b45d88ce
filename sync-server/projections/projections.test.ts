import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeAuditBatch } from '../../domain/audit/audit-batch';
import { GENESIS_HASH, computeAuditHash } from '../../domain/audit/chain';
import type { AuditEntry } from '../../domain/audit/entry';
import { encodeCompletionBatch } from '../../domain/haccp/checklist-facts';
import { verdictFlags } from '../../domain/haccp/verdict';
import { encodeMovementBatch } from '../../domain/inventory/movement-batch';
import type { MovementFact } from '../../domain/inventory/movements';
import { encodeReadingsBatch } from '../../domain/readings/readings-batch';
import { FACT_BATCHES_MAP } from '../../domain/sync/fact-batch';
import type { Hub } from '../hub';
import { createAdminToken } from '../storage/tenants';
import { withTenant } from '../storage/tenant-scope';
import { tenantWithDevice, TEST_NOW } from '../testing/hub-fixture';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { RawSyncClient } from '../testing/sync-clients';
import { hubForSuite } from '../testing/hub-for-suite';
import type { LocationRollup } from './rollup';

const MIN = 60_000;
const FRIDGE_MAX = { kind: 'max', limitCentiC: 500 } as const;
const IN_RANGE = verdictFlags(FRIDGE_MAX, true);
const OUT_OF_RANGE = verdictFlags(FRIDGE_MAX, false);

function readings(sensorId: string, atMs: number[], tempCentiC: number[], flags: number[]) {
  return encodeReadingsBatch({ sensorId, source: 'live', atMs, tempCentiC, rawCentiC: tempCentiC, flags });
}

function movement(id: string, kind: 'receive' | 'use', deltaBase: number, atMs: number, unitCostMilliCents: number): MovementFact {
  return {
    id, kind, itemId: 'milk', deltaBase, lot: '', expiresOn: null, atMs, actorId: 'u1', actorName: 'Ana', reason: '', note: '',
    supplierId: null, reversesId: null, transferId: null, otherLocationId: null, countId: null, unitCostMilliCents,
  };
}

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');
function auditChain(deviceId: string, count: number): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const body = {
      id: `${deviceId}-${seq}`, seq, deviceId, atMs: TEST_NOW + seq, actorId: 'u1', actorName: 'Ana', locationId: null,
      action: 'stock.move', entityType: null, entityId: null, summary: `change ${seq}`, risk: 'LOW' as const, prevHash,
    };
    const entry = { ...body, hash: computeAuditHash(body, sha256Hex) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  return entries;
}

const completion = encodeCompletionBatch([
  {
    id: 'c1', templateId: 't1', templateName: 'Opening', kind: 'opening', day: '2026-11-25', slot: 0, slotLabel: '', opensAtMs: TEST_NOW - 60 * MIN,
    dueAtMs: TEST_NOW, completedAtMs: TEST_NOW - 5 * MIN, actorId: 'u1', actorName: 'Ana', amends: null, note: '',
    items: [{ id: 'i1', label: 'Floors clean?', type: 'yesNo', expected: true }],
    answers: [{ itemId: 'i1', value: false, failAction: null, ok: false }],
  },
]);

describe.each(STORAGE_BACKENDS)('projections and the regional roll-up on $name', (backend) => {
  let hub: Hub;
  let nowMs = TEST_NOW;
  const problems: string[] = [];

  hubForSuite(backend, { nowMs: () => nowMs, onError: (error, context) => problems.push(`${context}: ${String(error)}`) }, (started) => (hub = started));

  /** Sets `batches` into the log document through the hub, as a device would; resolves once the hub has handled them. */
  async function append(docName: string, token: string, batches: Record<string, Uint8Array>) {
    const client = await RawSyncClient.open(`${hub.wsUrl}/${docName}?token=${token}`);
    await client.roundTrip();
    client.sendUpdate(client.changeLocally((doc) => Object.entries(batches).forEach(([key, batch]) => doc.getMap(FACT_BATCHES_MAP).set(key, batch))));
    await client.roundTrip();
    client.close();
  }

  async function rollupOf(tenantId: string): Promise<LocationRollup[]> {
    const token = await createAdminToken(hub.db, tenantId, { name: 'Owner', nowMs });
    const res = await fetch(`${hub.url}/api/v1/admin/rollup`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    return (await res.json()) as LocationRollup[];
  }

  /** A tenant with Lyon (readings in range, stock, a checklist, audit entries) and Paris (a freezer out of range). */
  async function twoSites() {
    const site = await tenantWithDevice(hub);
    const paris = await site.otherLocation();
    const parisToken = await site.device({ canWrite: true, atLocation: paris });
    nowMs = TEST_NOW + 1000;
    await append(site.log, site.token, {
      r1: readings('fridge-1', [TEST_NOW - 3 * MIN, TEST_NOW - 2 * MIN, TEST_NOW - MIN], [310, 320, 330], [IN_RANGE, IN_RANGE, IN_RANGE]),
      m1: encodeMovementBatch([movement('m-receive', 'receive', 10_000, TEST_NOW - 10 * MIN, 120), movement('m-use', 'use', -2_500, TEST_NOW - 5 * MIN, 120)]),
      c1: completion,
      a1: encodeAuditBatch(auditChain('pc-lyon', 2)),
    });
    nowMs = TEST_NOW + 2000;
    await append(`${site.tenantId}/${paris}/log/2026-11`, parisToken, {
      r2: readings('freezer-2', [TEST_NOW - 2 * MIN, TEST_NOW - MIN], [480, 720], [IN_RANGE, OUT_OF_RANGE]),
    });
    return { site, paris };
  }

  it('projects each location’s facts as they arrive, and the roll-up shows readings, open excursions, stock value and last sync', async () => {
    const { site, paris } = await twoSites();
    expect(await rollupOf(site.tenantId)).toEqual([
      { locationId: site.locationId, name: 'Lyon', readingsCount: 3, latestReadingAtMs: TEST_NOW - MIN, sensorsOutOfRange: [], stockValueCents: 900, excursionsWithoutSignedAction: 0, openTasks: 0, overdueTasks: 0, lastSyncAtMs: TEST_NOW + 1000 },
      { locationId: paris, name: 'Paris', readingsCount: 2, latestReadingAtMs: TEST_NOW - MIN, sensorsOutOfRange: ['freezer-2'], stockValueCents: 0, excursionsWithoutSignedAction: 0, openTasks: 0, overdueTasks: 0, lastSyncAtMs: TEST_NOW + 2000 },
    ]);
    const tables = await withTenant(hub.db, site.tenantId, async (trx) => ({
      completions: await trx.selectFrom('checklist_completions').select(['id', 'location_id', 'failed_items']).execute(),
      audit: await trx.selectFrom('audit_entries').select(['device_id', 'seq']).orderBy('seq').execute(),
      balances: await trx.selectFrom('stock_balances').select(['location_id', 'item_id', 'on_hand_base']).execute(),
    }));
    expect(tables.completions).toEqual([{ id: 'c1', location_id: site.locationId, failed_items: 1 }]);
    expect(tables.audit).toEqual([{ device_id: 'pc-lyon', seq: 1 }, { device_id: 'pc-lyon', seq: 2 }]);
    expect(tables.balances.map((b) => ({ ...b, on_hand_base: Number(b.on_hand_base) }))).toEqual([{ location_id: site.locationId, item_id: 'milk', on_hand_base: 7_500 }]);
  });

  it('counts a reading or a movement that arrives again in another batch once', async () => {
    const { site } = await twoSites();
    await append(site.log, site.token, {
      // Two readings already there (another PC downloaded the same logger) and one new, out of range.
      r3: readings('fridge-1', [TEST_NOW - 2 * MIN, TEST_NOW - MIN, TEST_NOW], [320, 330, 650], [IN_RANGE, IN_RANGE, OUT_OF_RANGE]),
      m2: encodeMovementBatch([movement('m-use', 'use', -2_500, TEST_NOW - 5 * MIN, 120), movement('m-use-2', 'use', -1_000, TEST_NOW, 200)]),
    });
    const [lyon] = await rollupOf(site.tenantId);
    // 6,500 on hand at the latest movement's cost of 0.2 cents.
    expect(lyon).toMatchObject({ readingsCount: 4, latestReadingAtMs: TEST_NOW, sensorsOutOfRange: ['fridge-1'], stockValueCents: 1300 });
  });

  it('shows a tenant nothing of another tenant’s locations or rows', async () => {
    const { site } = await twoSites();
    const other = await tenantWithDevice(hub, 'Other chain');
    expect(await rollupOf(other.tenantId)).toEqual([
      { locationId: other.locationId, name: 'Lyon', readingsCount: 0, latestReadingAtMs: null, sensorsOutOfRange: [], stockValueCents: 0, excursionsWithoutSignedAction: 0, openTasks: 0, overdueTasks: 0, lastSyncAtMs: null },
    ]);
    const seen = await withTenant(hub.db, other.tenantId, async (trx) => ({
      readings: await trx.selectFrom('readings').select('sensor_id').execute(),
      movements: await trx.selectFrom('stock_movements').select('id').execute(),
      balances: await trx.selectFrom('stock_balances').select('item_id').execute(),
    }));
    expect(seen).toEqual({ readings: [], movements: [], balances: [] });
    expect((await rollupOf(site.tenantId))[0]!.readingsCount).toBe(3);
  });

  it('answers the roll-up only to an administrator of the tenant, and describes it in the OpenAPI document', async () => {
    const { site } = await twoSites();
    expect((await fetch(`${hub.url}/api/v1/admin/rollup`)).status).toBe(401);
    // A device token opens documents, not the admin API.
    expect((await fetch(`${hub.url}/api/v1/admin/rollup`, { headers: { authorization: `Bearer ${site.token}` } })).status).toBe(401);
    const openApi = (await (await fetch(`${hub.url}/openapi.json`)).json()) as { paths: Record<string, { get?: { security?: unknown; responses: Record<string, unknown> } }> };
    expect(openApi.paths['/api/v1/admin/rollup']?.get).toMatchObject({
      security: [{ adminToken: [] }],
      responses: { 200: { content: { 'application/json': { schema: { $ref: '#/components/schemas/RegionalRollup' } } } } },
    });
  });

  it('stores a damaged readings batch but projects nothing from it, and says so', async () => {
    const { site } = await twoSites();
    problems.length = 0;
    const damaged = readings('fridge-1', [TEST_NOW], [999], [OUT_OF_RANGE]);
    damaged[damaged.length - 1]! ^= 0xff;
    await append(site.log, site.token, { bad: damaged });
    expect((await rollupOf(site.tenantId))[0]).toMatchObject({ readingsCount: 3, sensorsOutOfRange: [] });
    expect(problems).toEqual([expect.stringMatching(/^projection of .*: Error: a batch of kind 2 was not projected: /)]);
  });
});
