import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeAuditBatch } from '../../domain/audit/audit-batch';
import { GENESIS_HASH, computeAuditHash } from '../../domain/audit/chain';
import type { AuditEntry } from '../../domain/audit/entry';
import { FACT_BATCHES_MAP } from '../../domain/sync/fact-batch';
import type { Hub } from '../hub';
import { tenantWithDevice, TEST_NOW } from '../testing/hub-fixture';
import { STORAGE_BACKENDS } from '../testing/storage-backends';
import { RawSyncClient } from '../testing/sync-clients';
import { hubForSuite } from '../testing/hub-for-suite';
import { witnessAuditEntries } from './audit-witness';

const sha256Hex = (text: string) => createHash('sha256').update(text).digest('hex');

/** A device's chain of `count` entries; `summaryOf` lets a second history differ from entry `from` on. */
function chain(deviceId: string, count: number, summaryOf: (seq: number) => string = (seq) => `change ${seq}`): AuditEntry[] {
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const body = {
      id: `${deviceId}-${seq}-${summaryOf(seq)}`, seq, deviceId, atMs: TEST_NOW + seq, actorId: 'u1', actorName: 'Ana', locationId: null,
      action: 'stock.move', entityType: null, entityId: null, summary: summaryOf(seq), risk: 'LOW' as const, prevHash,
    };
    const entry = { ...body, hash: computeAuditHash(body, sha256Hex) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  return entries;
}

describe('the hub as witness of each PC audit chain', () => {
  let hub: Hub;
  const alerts: string[] = [];

  hubForSuite(STORAGE_BACKENDS[0]!, { onError: (error, context) => context.includes('CRITICAL') && alerts.push(String(error)) }, (started) => (hub = started));

  const alertRows = (tenantId: string) => hub.db.selectFrom('alerts').select(['severity', 'kind', 'message']).where('tenant_id', '=', tenantId).execute();

  it('accepts a chain arriving in any order and keeps its head', async () => {
    const site = await tenantWithDevice(hub);
    const entries = chain('pc-1', 6);
    const shuffled = [entries[3]!, entries[4]!, entries[0]!, entries[5]!, entries[1]!, entries[2]!];
    for (const pair of [shuffled.slice(0, 2), shuffled.slice(2, 4), shuffled.slice(4)]) {
      expect(await witnessAuditEntries(hub.db, site.tenantId, site.locationId, pair, TEST_NOW)).toEqual([]);
    }
    const head = await hub.db.selectFrom('audit_heads').select(['entry_count', 'head_hash']).where('device_id', '=', 'pc-1').where('tenant_id', '=', site.tenantId).executeTakeFirst();
    expect(head).toEqual({ entry_count: 6, head_hash: entries[5]!.hash });
    expect(await alertRows(site.tenantId)).toEqual([]);
  });

  it('raises a CRITICAL alert when a PC goes back to an older state and writes its chain again', async () => {
    const site = await tenantWithDevice(hub);
    await witnessAuditEntries(hub.db, site.tenantId, site.locationId, chain('pc-2', 5), TEST_NOW);
    const rewritten = chain('pc-2', 4, (seq) => (seq <= 2 ? `change ${seq}` : `after restore ${seq}`));
    const raised = await witnessAuditEntries(hub.db, site.tenantId, site.locationId, rewritten.slice(2), TEST_NOW);
    expect(raised[0]!.message).toBe(
      "Audit chain of device pc-2: entry 3 replaces the entry the hub already had under that number: the PC's chain went back from entry 5 and was written again.",
    );
    expect(await alertRows(site.tenantId)).toContainEqual({ severity: 'CRITICAL', kind: 'AUDIT_CHAIN_BROKEN', message: raised[0]!.message });
  });

  it('raises a CRITICAL alert for an entry whose content was changed after it was hashed', async () => {
    const site = await tenantWithDevice(hub);
    const [first, second] = chain('pc-3', 2);
    const raised = await witnessAuditEntries(hub.db, site.tenantId, site.locationId, [first!, { ...second!, summary: 'nothing to see' }], TEST_NOW);
    expect(raised.map((a) => a.message)).toEqual(['Audit chain of device pc-3: entry 2 was changed after it was written: its hash no longer matches its content.']);
  });

  it('reads audit batches as they arrive in a log document and records the break', async () => {
    const site = await tenantWithDevice(hub);
    const client = await RawSyncClient.open(`${hub.wsUrl}/${site.log}?token=${site.token}`);
    const put = (entries: AuditEntry[]) => {
      const batch = encodeAuditBatch(entries);
      client.sendUpdate(client.changeLocally((doc) => doc.getMap(FACT_BATCHES_MAP).set(sha256Hex(Buffer.from(batch).toString('hex')), batch)));
    };
    const original = chain('pc-4', 3);
    original.forEach((entry) => put([entry]));
    put(chain('pc-4', 2, (seq) => `forked ${seq}`).slice(1));
    await client.roundTrip();
    client.close();
    const rows = await alertRows(site.tenantId);
    expect(rows.map((r) => r.message)).toEqual([
      "Audit chain of device pc-4: entry 2 replaces the entry the hub already had under that number: the PC's chain went back from entry 3 and was written again.",
    ]);
    expect(alerts.some((a) => a.includes('pc-4'))).toBe(true);
  });
});
