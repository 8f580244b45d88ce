import { decodeAuditBatch } from '../../../domain/audit/audit-batch';
import { CHAIN_BREAK_REASONS, ChainWalk, computeAuditHash, type ChainBreak, type ChainLink } from '../../../domain/audit/chain';
import type { AuditEntry, ChainVerdict, Risk } from '../../../domain/audit/entry';
import { LinkRunsBuilder } from '../../../domain/audit/link-runs';
import { LoggedLinks } from '../../../domain/audit/logged-links';
import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import type { Database } from '../db/schema';
import type { SyncQuery } from '../db/sync-query';
import { LinksFromWorker } from './links-from-worker';
import { forEachLoggedBatch, logDocumentsByMonth } from './log-documents';
import { auditLinkReader } from './logged-audit-links';
import { sha256Hex } from './sha256';

/** Why an entry does not match the log documents, as words that follow "Entry 12 of device X". */
export const DOCUMENT_MISMATCH_REASONS = {
  missingFromTable: (month: string) => `is in the log document for ${month} but missing from the audit table`,
  notLogged: (month: string) => `is in the audit table but in no log document for ${month}`,
  differs: (month: string) => `differs from the log document for ${month}: it was changed and its chain re-hashed`,
  twice: 'appears twice in the audit table',
  conflict: (month: string) => `is held twice, with different content, in the log document for ${month}`,
  noPlace: 'has no valid time or id in the audit table, so it was put there by hand',
  unsettled: 'could not be checked: the audit table changed while it was being verified; verify again',
} as const;

/**
 * The canonical JSON of a row (canonicalAuditJson), built by SQLite: one string per row instead of
 * twelve, and no JavaScript building it — reading and re-encoding rows cost more than hashing them.
 * json_object writes strings as JSON.stringify does (a test holds it to canonicalAuditJson); a row
 * whose hash it does not reproduce is checked again with canonicalAuditJson before it is called
 * changed, so the two can never disagree into a false alarm.
 */
export const CANONICAL_JSON_SQL = `json_object('action', action, 'actorId', actor_id, 'actorName', actor_name, 'atMs', at_ms, 'deviceId', device_id,
  'entityId', entity_id, 'entityType', entity_type, 'id', id, 'locationId', location_id, 'risk', risk, 'seq', seq, 'summary', summary)`;

/** Rows per step: the Verify button's engine work between two chances for other calls to run. */
const CHUNK_ROWS = 5000;
/** The months log documents can be named by: four-digit years. Rows timed outside them have no document. */
const FIRST_MS = Date.UTC(1000, 0, 1);
const END_MS = Date.UTC(10000, 0, 1);

interface Month {
  key: string;
  startMs: number;
  endMs: number;
}

function monthOf(atMs: number): Month {
  const d = new Date(atMs);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  return { key: `${year}-${String(month + 1).padStart(2, '0')}`, startMs: Date.UTC(year, month, 1), endMs: Date.UTC(year, month + 1, 1) };
}

function monthOfKey(key: string): Month {
  const [year, month] = key.split('-').map(Number) as [number, number];
  return monthOf(Date.UTC(year, month - 1, 1));
}

/**
 * A row as read for checking, in one string: "rowid,seq,device_id,hash" then the hash input
 * (prev_hash followed by the canonical JSON). better-sqlite3 spends more on each value it hands
 * over than SQLite spends joining them (measured: one string per row reads in two thirds of the
 * time of five values). Where prev_hash is not a hash's length, or the row holds something
 * json_object refuses, only the rowid comes: that row is read whole.
 */
const CHECKED_ROW_SQL = (json: string) => `CASE WHEN length(prev_hash) = 64 THEN rowid || ',' || seq || ',' || device_id || ',' || hash || prev_hash || ${json} ELSE rowid END`;

/** A row as checked: its chain link, and where it is in the table. */
interface CheckedRow extends ChainLink {
  rowid: number;
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
function readChecked(row: string, into: CheckedRow): boolean {
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

function entryFromRow(r: Database['audit_entries']): AuditEntry {
  return {
    id: r.id, seq: r.seq, deviceId: r.device_id, atMs: r.at_ms, actorId: r.actor_id, actorName: r.actor_name, locationId: r.location_id,
    action: r.action, entityType: r.entity_type, entityId: r.entity_id, summary: r.summary, risk: r.risk as Risk, prevHash: r.prev_hash, hash: r.hash,
  };
}

function statements(q: SyncQuery) {
  const sqlite = q.sqlite;
  const firstChunk = (row: string) => sqlite.prepare(`SELECT ${row} FROM audit_entries WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms, id LIMIT ${CHUNK_ROWS}`).pluck();
  const nextChunk = (row: string) =>
    sqlite.prepare(`SELECT ${row} FROM audit_entries WHERE (at_ms, id) > (?, ?) AND at_ms < ? ORDER BY at_ms, id LIMIT ${CHUNK_ROWS}`).pluck();
  return {
    firstChunk: firstChunk(CHECKED_ROW_SQL(CANONICAL_JSON_SQL)),
    nextChunk: nextChunk(CHECKED_ROW_SQL(CANONICAL_JSON_SQL)),
    // json_object refuses a BLOB: a chunk holding one (only a hand-edited file has them) is read row by row.
    firstChunkPlain: firstChunk('rowid'),
    nextChunkPlain: nextChunk('rowid'),
    nextTimed: sqlite.prepare('SELECT min(at_ms) FROM audit_entries WHERE at_ms >= ?').pluck(),
    row: sqlite.prepare('SELECT * FROM audit_entries WHERE rowid = ?'),
    cursorOf: sqlite.prepare('SELECT at_ms, id FROM audit_entries WHERE rowid = ?').raw(),
    at: sqlite.prepare('SELECT id, hash FROM audit_entries WHERE device_id = ? AND seq = ?'),
    storedHash: sqlite.prepare('SELECT hash FROM audit_entries WHERE device_id = ? AND seq = ?').pluck(),
    lastRowid: sqlite.prepare('SELECT max(rowid) FROM audit_entries').pluck(),
    countUpTo: sqlite.prepare('SELECT COUNT(*) FROM audit_entries WHERE rowid <= ?').pluck(),
    firstOutOfPlace: sqlite.prepare(
      `SELECT device_id, seq, id FROM audit_entries
       WHERE rowid <= ? AND NOT (typeof(at_ms) IN ('integer', 'real') AND at_ms >= ${FIRST_MS} AND at_ms < ${END_MS} AND id IS NOT NULL) LIMIT 1`,
    ),
  };
}

/**
 * Verifies the audit log: every entry's own hash, every link of every device's chain, and the
 * table against the log documents, the source of truth — a row the documents do not hold was
 * added, a document entry no row holds was removed, a row whose hash differs from the document's
 * was changed, even with its whole chain re-hashed. The hash covers an entry's whole content, so
 * once a row's hash is checked against its content, comparing hashes compares the entries.
 *
 * Month by month: the month's log documents (every location's) are read into their chain links
 * and dropped after, and the table's rows of that month are read in time order, a chunk at a time.
 * Each document and each chunk is a step; the async form lets other calls run between steps.
 */
/** How to verify: with the log documents read by a worker thread, or on this one (by default, for a table of this many rows or more). */
export interface VerifyOptions {
  documentsInWorker?: boolean;
}

/** Below this many rows a worker thread costs more to start than reading the documents here saves. */
const WORKER_FROM_ROWS = 20_000;

/** A step gives way; one that hands back the worker waits for it to post the month's links. */
type Step = void | LinksFromWorker;

function* verifySteps(q: SyncQuery, options: VerifyOptions): Generator<Step, ChainVerdict> {
  const documentsByMonth = logDocumentsByMonth(q);
  const rows = Number(q.sqlite.prepare('SELECT max(rowid) FROM audit_entries').pluck().get() ?? 0);
  const inWorker = options.documentsInWorker ?? rows >= WORKER_FROM_ROWS;
  // The first month's documents are read here while the worker starts: it has the rest ready by the time they are due.
  const laterMonths = [...documentsByMonth].slice(1).map(([key, names]) => ({ key, names }));
  const linksWorker = inWorker && laterMonths.length > 0 ? LinksFromWorker.start(q.sqlite, laterMonths) : null;
  try {
    return yield* checkSteps(q, documentsByMonth, linksWorker);
  } finally {
    linksWorker?.stop();
  }
}

function* checkSteps(q: SyncQuery, documentsByMonth: Map<string, string[]>, worker: LinksFromWorker | null): Generator<Step, ChainVerdict> {
  let linksWorker = worker;
  const st = statements(q);
  const walk = new ChainWalk((deviceId, seq) => (st.storedHash.get(deviceId, seq) as string | undefined) ?? null);
  // Rows appended while this runs (the Verify button gives way to other calls) are not owed a check.
  const lastRowid = (st.lastRowid.get() as number | null) ?? 0;
  let entriesChecked = 0;
  let seenUpToLast = 0;
  let logDocuments = 0;
  const verdict = (broken: ChainBreak | null): ChainVerdict =>
    broken ? { ok: false, entriesChecked, devices: walk.devices, logDocuments, brokenAt: broken } : { ok: true, entriesChecked, devices: walk.devices, logDocuments };

  /** The id of an entry the month's documents hold, read again in full: only to name one missing from the table. */
  const idInDocuments = (names: string[], deviceId: string, seq: number) => {
    let id = '';
    for (const name of names) {
      forEachLoggedBatch(q, name, (bytes, _view, start, end) => {
        if (id || bytes[start] !== BATCH_KIND.audit) return;
        try {
          id = decodeAuditBatch(bytes.subarray(start, end)).find((e) => e.deviceId === deviceId && e.seq === seq)?.id ?? '';
        } catch {
          // a batch the projection skipped names nothing
        }
      });
    }
    return id;
  };
  const readLinks = auditLinkReader(q);
  // As runs, as the worker sends them: both ways of reading give the same links.
  const loadDocument = (logged: LoggedLinks, name: string) => {
    const runs = new LinkRunsBuilder();
    readLinks(name, runs.add.bind(runs));
    for (const run of runs.runs()) logged.addRun(run);
  };
  const checked: CheckedRow = { rowid: 0, id: '', seq: 0, deviceId: '', hash: '', prevHash: '' };
  /** A row read whole, its hash recomputed by canonicalAuditJson itself: the last word before calling it changed. */
  const checkedInJs = (rowid: number) => {
    const row = st.row.get(rowid) as Database['audit_entries'] | undefined;
    if (!row) return null;
    const { hash, ...body } = entryFromRow(row);
    const holds = typeof hash === 'string' && computeAuditHash(body, sha256Hex) === hash;
    return { id: row.id, rowid, seq: row.seq, deviceId: row.device_id, hash: row.hash, prevHash: row.prev_hash, holds };
  };
  const idOfRow = (rowid: number) => (st.cursorOf.get(rowid) as [number, string] | undefined)?.[1] ?? '';

  const docMonths = [...documentsByMonth.keys()];
  let nextDocMonth = 0;
  let fromMs = FIRST_MS;
  for (;;) {
    // The next month that has log documents or rows, whichever comes first.
    const nextTimed = st.nextTimed.get(fromMs);
    const rowMonth = typeof nextTimed === 'number' && nextTimed < END_MS ? monthOf(nextTimed) : null;
    const docMonth = nextDocMonth < docMonths.length ? monthOfKey(docMonths[nextDocMonth]!) : null;
    const month = rowMonth && (!docMonth || rowMonth.startMs < docMonth.startMs) ? rowMonth : docMonth;
    if (!month) break;
    if (docMonth?.key === month.key) nextDocMonth += 1;
    fromMs = month.endMs;

    const names = documentsByMonth.get(month.key) ?? [];
    let logged: LoggedLinks | null = null;
    while (linksWorker?.reads(month.key)) {
      const taken = linksWorker.take(month.key);
      if (taken === 'wait') yield linksWorker;
      else {
        if (taken) {
          logged = taken;
          logDocuments += names.length;
        } else linksWorker = null;
        break;
      }
    }
    if (!logged) {
      logged = new LoggedLinks();
      // A step per document: a busy month's few are read between other calls, not in one go.
      for (const name of names) {
        loadDocument(logged, name);
        logDocuments += 1;
        yield;
      }
    }
    let loadedAfterChunk = -1;

    // Every problem of the month is noted and the one at the lowest seq reported: a chain
    // re-hashed from entry 10 on shows at 11, 12, … too, but 10 is where it was changed.
    const first: { problem: ChainBreak | null } = { problem: null };
    const note = (problem: ChainBreak) => {
      if (!first.problem || problem.seq < first.problem.seq) first.problem = problem;
    };
    let after: [number, string] | null = null;
    for (let chunk = 0; ; chunk++) {
      let rows: (string | number)[];
      try {
        rows = (after ? st.nextChunk.all(after[0], after[1], month.endMs) : st.firstChunk.all(month.startMs, month.endMs)) as (string | number)[];
      } catch {
        rows = (after ? st.nextChunkPlain.all(after[0], after[1], month.endMs) : st.firstChunkPlain.all(month.startMs, month.endMs)) as number[];
      }
      if (rows.length === 0) break;
      for (const row of rows) {
        if (!(typeof row === 'string' && readChecked(row, checked))) {
          const inJs = checkedInJs(typeof row === 'number' ? row : Number(row.slice(0, row.indexOf(','))));
          if (!inJs) continue; // removed since the chunk was read
          checked.rowid = inJs.rowid;
          checked.id = inJs.id;
          checked.seq = inJs.seq;
          checked.deviceId = inJs.deviceId;
          checked.hash = inJs.hash;
          checked.prevHash = inJs.prevHash;
          if (!inJs.holds) note({ deviceId: checked.deviceId, seq: checked.seq, id: inJs.id, reason: CHAIN_BREAK_REASONS.changed });
        }
        const { rowid, seq, deviceId, hash } = checked;
        entriesChecked += 1;
        if (rowid <= lastRowid) seenUpToLast += 1;
        const broken = walk.step(checked);
        if (broken) {
          // Name the missing entry itself where this month's documents still hold it.
          const logs = broken.reason === CHAIN_BREAK_REASONS.missingBefore(seq - 1) && logged.find(deviceId, seq - 1) !== null;
          note(logs ? { deviceId, seq: seq - 1, id: '', reason: DOCUMENT_MISMATCH_REASONS.missingFromTable(month.key) } : { ...broken, id: idOfRow(rowid) });
        }
        let claim = logged.claim(deviceId, seq, hash);
        if (claim === 'absent' && loadedAfterChunk < chunk) {
          // Written since the documents were read (this gives way to other calls): read them again.
          for (const name of names) loadDocument(logged, name);
          loadedAfterChunk = chunk;
          claim = logged.claim(deviceId, seq, hash);
        }
        if (claim !== 'found') {
          const reason =
            claim === 'absent' ? DOCUMENT_MISMATCH_REASONS.notLogged(month.key)
            : claim === 'differs' ? DOCUMENT_MISMATCH_REASONS.differs(month.key)
            : claim === 'claimedTwice' ? DOCUMENT_MISMATCH_REASONS.twice
            : DOCUMENT_MISMATCH_REASONS.conflict(month.key);
          note({ deviceId, seq, id: idOfRow(rowid), reason });
        }
      }
      const lastRow = rows[rows.length - 1]!;
      after = (st.cursorOf.get(typeof lastRow === 'number' ? lastRow : Number(lastRow.slice(0, lastRow.indexOf(',')))) as [number, string] | undefined) ?? null;
      if (!after) break; // the last row was removed meanwhile: the count at the end tells
      yield;
    }

    // What the documents hold and no row of the month claimed was removed from the table — or
    // sits there under another time, changed. A device's first such entry is the one to name.
    const named = new Set<string>();
    for (const entry of logged.unclaimed()) {
      if (named.has(entry.deviceId)) continue;
      const row = st.at.get(entry.deviceId, entry.seq) as { id: string; hash: string } | undefined;
      if (row?.hash === entry.hash) continue; // there after all: written since its month was read
      named.add(entry.deviceId);
      note({ deviceId: entry.deviceId, seq: entry.seq, id: row?.id ?? '', reason: row ? DOCUMENT_MISMATCH_REASONS.differs(month.key) : DOCUMENT_MISMATCH_REASONS.missingFromTable(month.key) });
    }
    const conflict = logged.firstConflict();
    if (conflict) {
      const row = st.at.get(conflict.deviceId, conflict.seq) as { id: string } | undefined;
      note({ ...conflict, id: row?.id ?? '', reason: DOCUMENT_MISMATCH_REASONS.conflict(month.key) });
    }
    // An entry missing from the table is named by its id in the documents, read again for it.
    const found = first.problem;
    if (found && !found.id && found.reason === DOCUMENT_MISMATCH_REASONS.missingFromTable(month.key)) found.id = idInDocuments(names, found.deviceId, found.seq);
    if (found) return verdict(found);
  }

  // Every row there was when this began must have been read: one with no time in any month, or
  // no id, was not.
  if (Number(st.countUpTo.get(lastRowid)) !== seenUpToLast) {
    const stray = st.firstOutOfPlace.get(lastRowid) as { device_id: string; seq: number; id: string } | undefined;
    return verdict(
      stray
        ? { deviceId: stray.device_id, seq: stray.seq, id: stray.id ?? '', reason: DOCUMENT_MISMATCH_REASONS.noPlace }
        : { deviceId: '', seq: 0, id: '', reason: DOCUMENT_MISMATCH_REASONS.unsettled },
    );
  }
  return verdict(null);
}

/** The whole check at once (the command line, a backup file on its own connection). */
export function verifyAuditChains(q: SyncQuery, options: VerifyOptions = {}): ChainVerdict {
  const steps = verifySteps(q, options);
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    step.value?.waitSync();
  }
}

/** The same check, giving way to other work between steps (the Verify button). */
export async function verifyAuditChainsYielding(q: SyncQuery, options: VerifyOptions = {}): Promise<ChainVerdict> {
  const steps = verifySteps(q, options);
  try {
    for (;;) {
      const step = steps.next();
      if (step.done) return step.value;
      if (step.value) await step.value.waitAsync();
      else await new Promise((resolve) => setImmediate(resolve));
    }
  } finally {
    steps.return(undefined as never);
  }
}
