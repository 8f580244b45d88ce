import { sql, type Kysely } from 'kysely';
import type { AuditFilter, AuditPage } from '../../../domain/contract/audit';
import { AUDIT_CATEGORIES } from '../../../domain/audit/action-words';
import type { AuditEntry, ChainVerdict, Risk } from '../../../domain/audit/entry';
import { findChainBreak, GENESIS_HASH } from '../../../domain/audit/chain';
import { OpsFlowError } from '../../../domain/errors';
import type { Database } from '../db/schema';
import type { SyncQuery } from '../db/sync-query';
import { sha256Hex } from './sha256';

type Row = Database['audit_entries'];

export function entryFromRow(r: Row): AuditEntry {
  return {
    id: r.id,
    seq: r.seq,
    deviceId: r.device_id,
    atMs: r.at_ms,
    actorId: r.actor_id,
    actorName: r.actor_name,
    locationId: r.location_id,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    summary: r.summary,
    risk: r.risk as Risk,
    prevHash: r.prev_hash,
    hash: r.hash,
  };
}

function encodeCursor(e: { at_ms: number; id: string }): string {
  return `${e.at_ms}:${e.id}`;
}

function decodeCursor(cursor: string): { atMs: number; id: string } {
  const m = /^(\d{1,16}):([0-9a-f-]{1,64})$/.exec(cursor);
  if (!m) throw new OpsFlowError('BAD_INPUT', 'That page of the audit log does not exist; start again from the newest entries.');
  return { atMs: Number(m[1]), id: m[2]! };
}

/**
 * The action names that start with `prefix`, found by skipping along the action index. Querying
 * `action IN (…)` lets SQLite page each name newest-first from the index; a range on `action` would
 * sort every matching row instead (measured: 40 ms against 0.5 ms on a million entries).
 */
function actionsStartingWith(q: SyncQuery, prefix: string): string[] {
  const end = `${prefix}\uffff`;
  const next = q.sqlite.prepare('SELECT min(action) FROM audit_entries WHERE action > ? AND action < ?').pluck();
  const first = q.sqlite.prepare('SELECT min(action) FROM audit_entries WHERE action >= ? AND action < ?').pluck().get(prefix, end) as string | null;
  const names: string[] = [];
  for (let name = first; name !== null && names.length < 500; name = next.get(name, end) as string | null) names.push(name);
  return names;
}

function filtered(q: SyncQuery, db: Kysely<Database>, filter: AuditFilter) {
  let query = db.selectFrom('audit_entries').selectAll();
  if (filter.actorId) query = query.where('actor_id', '=', filter.actorId);
  if (filter.risk) query = query.where('risk', '=', filter.risk);
  if (filter.categories && filter.categories.length > 0) {
    const prefixes = filter.categories.flatMap((c) => AUDIT_CATEGORIES[c].prefixes);
    const names = [...new Set(prefixes.flatMap((prefix) => actionsStartingWith(q, prefix)))];
    query = names.length > 0 ? query.where('action', 'in', names) : query.where(sql<boolean>`0`);
  }
  if (filter.fromMs !== undefined) query = query.where('at_ms', '>=', filter.fromMs);
  if (filter.toMs !== undefined) query = query.where('at_ms', '<=', filter.toMs);
  return query;
}

/** Newest first, one page at a time, by keyset: a page costs the same on entry 10 or entry 1,000,000. */
export function listAuditEntries(q: SyncQuery, db: Kysely<Database>, filter: AuditFilter, after: string | null, limit: number): AuditPage {
  let query = filtered(q, db, filter);
  if (after) {
    const c = decodeCursor(after);
    query = query.where((eb) => eb(eb.refTuple('at_ms', 'id'), '<', eb.tuple(c.atMs, c.id)));
  }
  const rows = q.all(query.orderBy('at_ms', 'desc').orderBy('id', 'desc').limit(limit + 1));
  const page = rows.slice(0, limit);
  const last = page[page.length - 1];
  return { entries: page.map(entryFromRow), nextCursor: rows.length > limit && last ? encodeCursor(last) : null };
}

/** Every matching entry, oldest first, streamed (CSV export). */
export function* iterateAuditEntries(q: SyncQuery, db: Kysely<Database>, filter: AuditFilter): Generator<AuditEntry> {
  const compiled = filtered(q, db, filter).orderBy('at_ms', 'asc').orderBy('id', 'asc').compile();
  for (const row of q.sqlite.prepare(compiled.sql).iterate(...(compiled.parameters as unknown[]))) yield entryFromRow(row as Row);
}

const CHAIN_COLUMNS = 'id, seq, device_id, at_ms, actor_id, actor_name, location_id, action, entity_type, entity_id, summary, risk, prev_hash, hash';

/** A row read as an array (about 40% faster than better-sqlite3's row objects over a million rows). */
function entryFromArray(r: unknown[]): AuditEntry {
  return {
    id: r[0] as string,
    seq: r[1] as number,
    deviceId: r[2] as string,
    atMs: r[3] as number,
    actorId: r[4] as string | null,
    actorName: r[5] as string,
    locationId: r[6] as string | null,
    action: r[7] as string,
    entityType: r[8] as string | null,
    entityId: r[9] as string | null,
    summary: r[10] as string,
    risk: r[11] as Risk,
    prevHash: r[12] as string,
    hash: r[13] as string,
  };
}

const VERIFY_PAGE = 5000;

/**
 * Walks every device's chain in order, a page of entries at a time, and reports the first broken
 * link. Yields between pages so that the async form lets other calls run meanwhile: a million
 * entries take seconds, and the engine must not stop answering for that long.
 */
function* verifySteps(q: SyncQuery): Generator<void, ChainVerdict> {
  const devices = q.sqlite.prepare('SELECT DISTINCT device_id AS d FROM audit_entries').pluck().all() as string[];
  const page = q.sqlite.prepare(`SELECT ${CHAIN_COLUMNS} FROM audit_entries WHERE device_id = ? AND seq > ? ORDER BY seq LIMIT ${VERIFY_PAGE}`).raw();
  let checked = 0;
  for (const deviceId of devices) {
    let head = { seq: 0, hash: GENESIS_HASH };
    for (;;) {
      const entries = (page.all(deviceId, head.seq) as unknown[][]).map(entryFromArray);
      if (entries.length === 0) break;
      const broken = findChainBreak(entries, sha256Hex, head);
      if (broken) {
        checked += entries.indexOf(broken.entry) + 1;
        return {
          ok: false,
          entriesChecked: checked,
          devices: devices.length,
          brokenAt: { deviceId, seq: broken.entry.seq, id: broken.entry.id, reason: broken.reason },
        };
      }
      checked += entries.length;
      const last = entries[entries.length - 1]!;
      head = { seq: last.seq, hash: last.hash };
      yield;
    }
  }
  return { ok: true, entriesChecked: checked, devices: devices.length };
}

/** The whole check at once (the command line, a backup file on its own connection). */
export function verifyAuditChains(q: SyncQuery): ChainVerdict {
  const steps = verifySteps(q);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}

/** The same check, giving way to other work between pages (the Verify button). */
export async function verifyAuditChainsYielding(q: SyncQuery): Promise<ChainVerdict> {
  const steps = verifySteps(q);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}
