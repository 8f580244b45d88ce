import type { AuditEntry } from '../../../domain/audit/entry';
import type { SessionInfo } from '../../../domain/contract';
import type { Engine } from '../engine';
import { addUser, call, freshSetUpEngine, TEST_ADMIN } from '../testing/test-engine';
import { receiveChain } from './received-chain.fixture';

export const DAY_MS = 86_400_000;

/**
 * A set-up station with history over three months: its own entries (sign-ins, new users) and a
 * second station's chain that reached this PC through the location's log documents.
 */
export async function stationWithHistory() {
  const { engine, clock } = await freshSetUpEngine();
  let admin!: SessionInfo;
  for (const [i, name] of ['ann', 'bob', 'cid', 'dee'].entries()) {
    clock.advance(20 * DAY_MS);
    admin = await call(engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password });
    await addUser(engine, admin.token, { username: name, role: 'STAFF' });
    if (i % 2 === 1) await call(engine, 'settings.update', { idleLockMinutes: 10 + i }, admin.token);
  }
  receiveChain(engine.context, 'other-station', 30, { fromMs: clock.now() - 70 * DAY_MS, stepMs: 2 * DAY_MS });
  const stationId = engine.context.identity()!.stationId;
  return { engine, clock, admin, stationId, q: engine.context.q, sqlite: engine.context.sqlite };
}

export type Row = { id: string; device_id: string; seq: number; at_ms: number; actor_id: string | null; actor_name: string; location_id: string | null; action: string; entity_type: string | null; entity_id: string | null; summary: string; risk: AuditEntry['risk']; prev_hash: string; hash: string };

export function chainRows(sqlite: Engine['context']['sqlite'], deviceId: string): Row[] {
  return sqlite.prepare('SELECT * FROM audit_entries WHERE device_id = ? ORDER BY seq').all(deviceId) as Row[];
}

export function bodyOf(r: Row): Omit<AuditEntry, 'hash'> {
  return { id: r.id, seq: r.seq, deviceId: r.device_id, atMs: r.at_ms, actorId: r.actor_id, actorName: r.actor_name, locationId: r.location_id, action: r.action, entityType: r.entity_type, entityId: r.entity_id, summary: r.summary, risk: r.risk, prevHash: r.prev_hash };
}

export function unlock(sqlite: Engine['context']['sqlite']): void {
  sqlite.exec('DROP TRIGGER IF EXISTS audit_entries_no_update; DROP TRIGGER IF EXISTS audit_entries_no_delete;');
}
