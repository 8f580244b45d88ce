import { afterEach, describe, expect, it } from 'vitest';
import { computeAuditHash, GENESIS_HASH } from '../../../domain/audit/chain';
import { SyncQuery } from '../db/sync-query';
import { closeTestEngines, freshSetUpEngine } from '../testing/test-engine';
import { verifyAuditChains, verifyAuditChainsYielding } from './audit-queries';
import { sha256Hex } from './sha256';

afterEach(closeTestEngines);

/** Writes a valid chain of `count` entries for one device straight into the table. */
function writeChain(q: SyncQuery, deviceId: string, count: number): void {
  const insert = q.sqlite.prepare(
    `INSERT INTO audit_entries (id, device_id, seq, at_ms, actor_id, actor_name, location_id, action, entity_type, entity_id, summary, risk, prev_hash, hash)
     VALUES (@id, @deviceId, @seq, @atMs, @actorId, @actorName, @locationId, @action, @entityType, @entityId, @summary, @risk, @prevHash, @hash)`,
  );
  q.transaction(() => {
    let prevHash = GENESIS_HASH;
    for (let seq = 1; seq <= count; seq++) {
      const body = { id: `${deviceId}-${seq}`, seq, deviceId, atMs: 1_700_000_000_000 + seq, actorId: null, actorName: 'bulk', locationId: null, action: 'test.bulk', entityType: null, entityId: null, summary: `entry ${seq}`, risk: 'LOW' as const, prevHash };
      const hash = computeAuditHash(body, sha256Hex);
      insert.run({ ...body, hash });
      prevHash = hash;
    }
  });
}

describe('verifying a long audit chain page by page', () => {
  it('checks every entry across page boundaries and names the first changed one, with or without giving way', async () => {
    const { engine } = await freshSetUpEngine();
    const q = engine.context.q;
    writeChain(q, 'bulk-device', 12_000);
    const before = verifyAuditChains(q);
    expect(before).toMatchObject({ ok: true, devices: 2 });
    expect(before.entriesChecked).toBeGreaterThan(12_000);

    q.sqlite.exec('DROP TRIGGER audit_entries_no_update');
    q.sqlite.prepare("UPDATE audit_entries SET summary = 'changed' WHERE id = 'bulk-device-7001'").run();
    for (const verdict of [verifyAuditChains(q), await verifyAuditChainsYielding(q)]) {
      expect(verdict).toMatchObject({ ok: false, brokenAt: { deviceId: 'bulk-device', seq: 7001 } });
    }
  });

  it('notices an entry missing right at a page boundary', async () => {
    const { engine } = await freshSetUpEngine();
    const q = engine.context.q;
    writeChain(q, 'bulk-device', 10_010);
    q.sqlite.exec('DROP TRIGGER audit_entries_no_delete');
    q.sqlite.prepare("DELETE FROM audit_entries WHERE id = 'bulk-device-5001'").run();
    expect(verifyAuditChains(q)).toMatchObject({ ok: false, brokenAt: { seq: 5002, reason: expect.stringContaining('missing') } });
  });
});
