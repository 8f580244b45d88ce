import type { ChainLink } from '../../../domain/audit/chain';
import type { AuditEntry, Risk } from '../../../domain/audit/entry';
import type { Database } from '../db/schema';
import { sha256Hex } from './sha256';

// How the verify reads the audit table's rows, on the verifying thread and on the worker beside
// it. One string per row: better-sqlite3 spends more on each value it hands over than SQLite
// spends joining them (measured: one string per row reads in two thirds of the time of five values).

/**
 * The canonical JSON of a row (canonicalAuditJson), built by SQLite: one string per row instead of
 * twelve, and no JavaScript building it — reading and re-encoding rows cost more than hashing them.
 * json_object writes strings as JSON.stringify does (a test holds it to canonicalAuditJson); a row
 * whose hash it does not reproduce is checked again with canonicalAuditJson before it is called
 * changed, so the two can never disagree into a false alarm.
 */
export const CANONICAL_JSON_SQL = `json_object('action', action, 'actorId', actor_id, 'actorName', actor_name, 'atMs', at_ms, 'deviceId', device_id,
  'entityId', entity_id, 'entityType', entity_type, 'id', id, 'locationId', location_id, 'risk', risk, 'seq', seq, 'summary', summary)`;

/**
 * A row with its content: "rowid,seq,device_id,hash" then the hash input (prev_hash followed by
 * the canonical JSON). Where prev_hash is not a hash's length, or the row holds something
 * json_object refuses, only the rowid comes: that row is read whole.
 */
export const CHECKED_ROW_SQL = `CASE WHEN length(prev_hash) = 64 THEN rowid || ',' || seq || ',' || device_id || ',' || hash || prev_hash || ${CANONICAL_JSON_SQL} ELSE rowid END`;

/** A row as checked: its chain link, and where it is in the table. */
export interface CheckedRow extends ChainLink {
  rowid: number;
}

export const emptyCheckedRow = (): CheckedRow => ({ rowid: 0, id: '', seq: 0, deviceId: '', hash: '', prevHash: '' });

/** The rowid a row read as CHECKED_ROW_SQL starts with (or is). */
export function rowidOf(row: string | number): number {
  return typeof row === 'number' ? row : Number(row.slice(0, row.indexOf(',')));
}

/** The integer written in `text` from `start` up to the comma at `end` (a rowid or a seq as SQLite writes them), or NaN. */
function integerBetween(text: string, start: number, end: number): number {
  const negative = text.charCodeAt(start) === 0x2d;
  let value = 0;
  for (let i = negative ? start + 1 : start; i < end; i++) {
    const digit = text.charCodeAt(i) - 0x30;
    if (digit < 0 || digit > 9) return NaN;
    value = value * 10 + digit;
  }
  return end > start + (negative ? 1 : 0) ? (negative ? -value : value) : NaN;
}

/**
 * Splits a row read as CHECKED_ROW_SQL into `into` and checks its hash, which is what decides the
 * split was right: a device id with a comma, or a hash of another length, shifts the fields, and
 * then the recomputed hash cannot match. False: the row is to be read whole.
 */
export function readChecked(row: string, into: CheckedRow): boolean {
  const a = row.indexOf(',');
  const b = row.indexOf(',', a + 1);
  const c = b < 0 ? -1 : row.indexOf(',', b + 1);
  if (c < 0) return false;
  const hash = row.slice(c + 1, c + 65);
  if (sha256Hex(row.slice(c + 65)) !== hash) return false;
  into.rowid = integerBetween(row, 0, a);
  into.seq = integerBetween(row, a + 1, b);
  into.id = '';
  into.deviceId = row.slice(b + 1, c);
  into.hash = hash;
  into.prevHash = row.slice(c + 65, c + 129);
  return true;
}

/** A row of the audit table as an entry. */
export function entryFromRow(r: Database['audit_entries']): AuditEntry {
  return {
    id: r.id, seq: r.seq, deviceId: r.device_id, atMs: r.at_ms, actorId: r.actor_id, actorName: r.actor_name, locationId: r.location_id,
    action: r.action, entityType: r.entity_type, entityId: r.entity_id, summary: r.summary, risk: r.risk as Risk, prevHash: r.prev_hash, hash: r.hash,
  };
}
