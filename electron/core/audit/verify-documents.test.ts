import { afterEach, describe, expect, it } from 'vitest';
import { encodeAuditBatch } from '../../../domain/audit/audit-batch';
import { computeAuditHash } from '../../../domain/audit/chain';
import { logDocName } from '../../../domain/sync/doc-names';
import { FACT_BATCHES_MAP } from '../../../domain/sync/fact-batch';
import { call, closeTestEngines, freshSetUpEngine, TEST_ADMIN, TEST_PASSWORD } from '../testing/test-engine';
import { verifyAuditChains, verifyAuditChainsYielding } from './audit-queries';
import { receiveChain } from './received-chain.fixture';
import { sha256Hex } from './sha256';
import { bodyOf, chainRows, DAY_MS, stationWithHistory, unlock, type Row } from './station-history.fixture';

afterEach(closeTestEngines);

describe('audit verify compares the table with the log documents', () => {
  it('an untouched log over several months and two stations passes, through the contract too', async () => {
    const { engine, admin, q, sqlite } = await stationWithHistory();
    const total = Number(sqlite.prepare('SELECT COUNT(*) FROM audit_entries').pluck().get());
    const logDocuments = Number(sqlite.prepare("SELECT COUNT(DISTINCT doc) FROM y_updates WHERE doc LIKE '%/log/%'").pluck().get());
    expect(logDocuments).toBeGreaterThanOrEqual(4);
    expect(verifyAuditChains(q)).toEqual({ ok: true, entriesChecked: total, devices: 2, logDocuments });
    expect(await call(engine, 'audit.verify', {}, admin.token)).toMatchObject({ ok: true, devices: 2 });
  });

  it('the last entries deleted from the table are found, naming the first one removed', async () => {
    const { q, sqlite, stationId } = await stationWithHistory();
    const rows = chainRows(sqlite, stationId);
    const last = rows.at(-1)!.seq;
    unlock(sqlite);
    sqlite.prepare('DELETE FROM audit_entries WHERE device_id = ? AND seq >= ?').run(stationId, last - 1);
    expect(verifyAuditChains(q)).toMatchObject({
      ok: false,
      brokenAt: { deviceId: stationId, seq: last - 1, id: rows.at(-2)!.id, reason: expect.stringMatching(/log document for \d{4}-\d{2} but missing from the audit table/) },
    });
  });

  it('every entry deleted from the table is found: the documents still hold them', async () => {
    const { q, sqlite } = await stationWithHistory();
    unlock(sqlite);
    sqlite.exec('DELETE FROM audit_entries');
    const verdict = verifyAuditChains(q);
    expect(verdict).toMatchObject({ ok: false, entriesChecked: 0, brokenAt: { seq: 1, reason: expect.stringContaining('missing from the audit table') } });
    expect(await verifyAuditChainsYielding(q)).toEqual(verdict);
  });

  it('a summary edited and the whole chain recomputed in the database file is found at the edited entry', async () => {
    const { q, sqlite, stationId } = await stationWithHistory();
    const rows = chainRows(sqlite, stationId);
    const edited = rows[3]!;
    unlock(sqlite);
    // What someone holding the file can do: rewrite one entry, then re-hash every later one so
    // that the table's chain checks out on its own.
    const update = sqlite.prepare('UPDATE audit_entries SET summary = ?, prev_hash = ?, hash = ? WHERE id = ?');
    let prevHash = rows[2]!.hash;
    for (const row of rows.slice(3)) {
      const body = { ...bodyOf(row), prevHash, summary: row.id === edited.id ? 'Nothing happened here' : row.summary };
      const hash = computeAuditHash(body, sha256Hex);
      update.run(body.summary, prevHash, hash, row.id);
      prevHash = hash;
    }
    expect(verifyAuditChains(q)).toMatchObject({
      ok: false,
      brokenAt: { deviceId: stationId, seq: edited.seq, id: edited.id, reason: expect.stringContaining('differs from the log document') },
    });
  });

  it('a forged entry appended to the table with a correct hash is found', async () => {
    const { q, sqlite, stationId, clock } = await stationWithHistory();
    const head = chainRows(sqlite, stationId).at(-1)!;
    const body = { ...bodyOf(head), id: 'forged-entry', seq: head.seq + 1, atMs: clock.now(), action: 'users.create', summary: 'Created Tenant admin "mallory"', prevHash: head.hash };
    const forged = { ...body, hash: computeAuditHash(body, sha256Hex) };
    sqlite
      .prepare('INSERT INTO audit_entries (id, device_id, seq, at_ms, actor_id, actor_name, location_id, action, entity_type, entity_id, summary, risk, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)')
      .run(forged.id, forged.deviceId, forged.seq, forged.atMs, forged.actorId, forged.actorName, forged.locationId, forged.action, forged.entityType, forged.entityId, forged.summary, forged.risk, forged.prevHash, forged.hash);
    expect(verifyAuditChains(q)).toMatchObject({
      ok: false,
      brokenAt: { deviceId: stationId, seq: head.seq + 1, id: 'forged-entry', reason: expect.stringContaining('in no log document') },
    });
  });

  it("an entry changed in the table only, its own hash recomputed, is found at that entry, on the other station's chain as well", async () => {
    const { q, sqlite } = await stationWithHistory();
    const row = chainRows(sqlite, 'other-station')[16]!;
    const body = { ...bodyOf(row), actorName: 'someone else' };
    unlock(sqlite);
    sqlite.prepare('UPDATE audit_entries SET actor_name = ?, hash = ? WHERE id = ?').run(body.actorName, computeAuditHash(body, sha256Hex), row.id);
    expect(verifyAuditChains(q)).toMatchObject({
      ok: false,
      brokenAt: { deviceId: 'other-station', seq: 17, id: 'other-station-17', reason: expect.stringContaining('differs from the log document') },
    });
  });

  it('an entry moved to another month in the table, and its chain re-hashed, is found', async () => {
    const { q, sqlite } = await stationWithHistory();
    const rows = chainRows(sqlite, 'other-station');
    unlock(sqlite);
    const update = sqlite.prepare('UPDATE audit_entries SET at_ms = ?, prev_hash = ?, hash = ? WHERE id = ?');
    let prevHash = rows[8]!.hash;
    for (const row of rows.slice(9)) {
      const body = { ...bodyOf(row), prevHash, atMs: row.seq === 10 ? row.at_ms + 40 * DAY_MS : row.at_ms };
      const hash = computeAuditHash(body, sha256Hex);
      update.run(body.atMs, prevHash, hash, row.id);
      prevHash = hash;
    }
    expect(verifyAuditChains(q)).toMatchObject({ ok: false, brokenAt: { deviceId: 'other-station', seq: 10, reason: expect.stringContaining('differs from the log document') } });
  });

  it('a clock set back across a month boundary files later entries under the earlier month: the log still passes', async () => {
    const { engine, clock } = await freshSetUpEngine();
    clock.set(Date.UTC(2026, 11, 1, 0, 5)); // just into December
    const token = (await call(engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password })).token;
    await call(engine, 'settings.update', { idleLockMinutes: 12 }, token);
    clock.set(Date.UTC(2026, 10, 30, 23, 50)); // corrected back into November
    await call(engine, 'settings.update', { idleLockMinutes: 13 }, token);
    const q = engine.context.q;
    const months = q.sqlite.prepare("SELECT COUNT(DISTINCT doc) FROM y_updates WHERE doc LIKE '%/log/%'").pluck().get();
    expect(months).toBe(2);
    expect(verifyAuditChains(q)).toMatchObject({ ok: true, devices: 1, logDocuments: 2 });
  });

  it('a row given a time that is no time at all is found, though no month holds it', async () => {
    const { q, sqlite, stationId } = await stationWithHistory();
    const row = chainRows(sqlite, stationId)[2]!;
    unlock(sqlite);
    sqlite.prepare("UPDATE audit_entries SET at_ms = 'yesterday' WHERE id = ?").run(row.id);
    expect(verifyAuditChains(q)).toMatchObject({ ok: false, brokenAt: { deviceId: stationId, seq: row.seq, id: row.id, reason: expect.stringContaining('no valid time') } });
  });

  it('a column made a BLOB in the file does not stop verify: that entry is found changed', async () => {
    const { q, sqlite } = await stationWithHistory();
    unlock(sqlite);
    sqlite.prepare("UPDATE audit_entries SET summary = X'00FF' WHERE id = 'other-station-5'").run();
    expect(verifyAuditChains(q)).toMatchObject({ ok: false, brokenAt: { deviceId: 'other-station', seq: 5, id: 'other-station-5', reason: expect.stringContaining('changed') } });
  });

  it('a second, different entry at a taken place in the log documents is found', async () => {
    const { engine, q } = await stationWithHistory();
    const identity = engine.context.identity()!;
    const original = (engine.context.sqlite.prepare("SELECT * FROM audit_entries WHERE id = 'other-station-9'").get() as Row);
    const body = { ...bodyOf(original), id: 'other-station-9-again', summary: 'a different story' };
    const batch = encodeAuditBatch([{ ...body, hash: computeAuditHash(body, sha256Hex) }]);
    engine.context.docs.change(logDocName(identity.tenantId, identity.homeLocationId, body.atMs), (doc) => {
      doc.getMap<Uint8Array>(FACT_BATCHES_MAP).set(sha256Hex(batch), batch);
    });
    expect(verifyAuditChains(q)).toMatchObject({ ok: false, brokenAt: { deviceId: 'other-station', seq: 9, reason: expect.stringContaining('held twice') } });
  });

  it('reads each month from storage and keeps none of the closed months in memory', async () => {
    const { engine, q } = await stationWithHistory();
    const identity = engine.context.identity()!;
    const docs = engine.context.docs;
    const months = (q.sqlite.prepare("SELECT DISTINCT doc FROM y_updates WHERE doc LIKE '%/log/%'").pluck().all() as string[]);
    const current = logDocName(identity.tenantId, identity.homeLocationId, engine.context.now());
    const loadedBefore = months.filter((name) => docs.isLoaded(name));
    expect(verifyAuditChains(q).ok).toBe(true);
    expect(months.filter((name) => docs.isLoaded(name))).toEqual(loadedBefore);
    expect(loadedBefore).toContain(current);
  });

  it('the Verify button lets other calls through while it works through a long log', async () => {
    const { engine, admin } = await stationWithHistory();
    receiveChain(engine.context, 'busy-station', 12_000, { fromMs: Date.UTC(2026, 8, 1), stepMs: 1000 });
    let verified = false;
    const verifying = call(engine, 'audit.verify', {}, admin.token).then((verdict) => ((verified = true), verdict));
    const page = await call(engine, 'audit.list', { limit: 5 }, admin.token);
    expect(page.entries).toHaveLength(5);
    expect(verified).toBe(false);
    expect(await verifying).toMatchObject({ ok: true, devices: 3 });
  });

  it('an entry about text with half an emoji in it verifies: it is hashed as it is stored', async () => {
    const { engine, admin } = await freshSetUpEngine();
    const halfEmoji = '\ud83d';
    await call(engine, 'users.create', { username: 'kim', displayName: `Kim ${halfEmoji}`, role: 'STAFF', locationIds: admin.user.locationIds, password: TEST_PASSWORD }, admin.token);
    await call(engine, 'settings.update', { idleLockMinutes: 11 }, admin.token);
    expect(verifyAuditChains(engine.context.q)).toMatchObject({ ok: true, entriesChecked: 3 });
  });
});
