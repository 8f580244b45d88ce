import { afterEach, describe, expect, it } from 'vitest';
import { closeTestEngines, freshSetUpEngine } from '../testing/test-engine';
import { verifyAuditChains, verifyAuditChainsYielding } from './audit-queries';
import { receiveChain } from './received-chain.fixture';

afterEach(closeTestEngines);

describe('verifying a long audit chain page by page', () => {
  it('checks every entry across page boundaries and names the first changed one, with or without giving way', async () => {
    const { engine } = await freshSetUpEngine();
    const q = engine.context.q;
    receiveChain(engine.context, 'bulk-device', 12_000, { fromMs: Date.UTC(2026, 6, 1), stepMs: 500 });
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
    receiveChain(engine.context, 'bulk-device', 10_010, { fromMs: Date.UTC(2026, 6, 1), stepMs: 500 });
    q.sqlite.exec('DROP TRIGGER audit_entries_no_delete');
    q.sqlite.prepare("DELETE FROM audit_entries WHERE id = 'bulk-device-5001'").run();
    expect(verifyAuditChains(q)).toMatchObject({ ok: false, brokenAt: { seq: 5001, id: 'bulk-device-5001', reason: expect.stringContaining('missing from the audit table') } });
  });
});
