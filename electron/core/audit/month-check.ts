import { decodeAuditBatch } from '../../../domain/audit/audit-batch';
import { CHAIN_BREAK_REASONS, ChainWalk, computeAuditHash, type ChainBreak } from '../../../domain/audit/chain';
import { LinkRunsBuilder } from '../../../domain/audit/link-runs';
import { LoggedLinks } from '../../../domain/audit/logged-links';
import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import type { Sqlite } from '../db/open-database';
import type { Database } from '../db/schema';
import { CHECKED_ROW_SQL, emptyCheckedRow, entryFromRow, readChecked, rowidOf, type CheckedRow } from './audit-row-reads';
import { forEachLoggedBatch } from './log-documents';
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

/** A month of the audit table and its log documents: rows with at_ms in [startMs, endMs). */
export interface AuditMonth {
  key: string;
  startMs: number;
  endMs: number;
}

/** What checking a month found: how much it checked, and its first problem (the lowest seq) or null. */
export interface MonthResult {
  key: string;
  entriesChecked: number;
  /** Rows checked that were there when the verify began (rowid up to the last one then). */
  seenUpToLast: number;
  /** The devices whose entries the month holds. */
  devices: string[];
  logDocuments: number;
  problem: ChainBreak | null;
}

/** Rows per step: the Verify button's engine work between two chances for other calls to run. */
const CHUNK_ROWS = 5000;

function statements(sqlite: Sqlite) {
  const firstChunk = (row: string) => sqlite.prepare(`SELECT ${row} FROM audit_entries WHERE at_ms >= ? AND at_ms < ? ORDER BY at_ms, id LIMIT ${CHUNK_ROWS}`).pluck();
  const nextChunk = (row: string) =>
    sqlite.prepare(`SELECT ${row} FROM audit_entries WHERE (at_ms, id) > (?, ?) AND at_ms < ? ORDER BY at_ms, id LIMIT ${CHUNK_ROWS}`).pluck();
  return {
    firstChunk: firstChunk(CHECKED_ROW_SQL),
    nextChunk: nextChunk(CHECKED_ROW_SQL),
    // json_object refuses a BLOB: a chunk holding one (only a hand-edited file has them) is read row by row.
    firstChunkPlain: firstChunk('rowid'),
    nextChunkPlain: nextChunk('rowid'),
    row: sqlite.prepare('SELECT * FROM audit_entries WHERE rowid = ?'),
    cursorOf: sqlite.prepare('SELECT at_ms, id FROM audit_entries WHERE rowid = ?').raw(),
    at: sqlite.prepare('SELECT id, hash FROM audit_entries WHERE device_id = ? AND seq = ?'),
    storedHash: sqlite.prepare('SELECT hash FROM audit_entries WHERE device_id = ? AND seq = ?').pluck(),
  };
}

/**
 * Checks one month at a time, on one connection: every row's own hash, every link of every
 * device's chain (a device's first entry of the month against the table's entry before it), and
 * the rows against the month's log documents. Months are independent of each other, so that two
 * threads can each take some.
 *
 * The month's documents are read into their chain links and dropped after, and its rows are read
 * in time order, a chunk at a time. Each document and each chunk is a step.
 */
export class MonthChecker {
  private readonly st: ReturnType<typeof statements>;
  private readonly readLinks: ReturnType<typeof auditLinkReader>;
  private readonly checked: CheckedRow = emptyCheckedRow();

  /** `lastRowid`: the last row when the verify began; rows appended since are not owed a check. */
  constructor(
    private readonly sqlite: Sqlite,
    private readonly lastRowid: number,
  ) {
    this.st = statements(sqlite);
    this.readLinks = auditLinkReader({ sqlite });
  }

  *check(month: AuditMonth, names: string[]): Generator<void, MonthResult> {
    const { st, checked } = this;
    const walk = new ChainWalk((deviceId, seq) => (st.storedHash.get(deviceId, seq) as string | undefined) ?? null);
    let entriesChecked = 0;
    let seenUpToLast = 0;
    const logged = new LoggedLinks();
    // A step per document: a busy month's few are read between other calls, not in one go.
    for (const name of names) {
      this.loadDocument(logged, name);
      yield;
    }
    let loadedAfterChunk = -1;

    // Every problem of the month is noted and the one at the lowest seq reported: a chain
    // re-hashed from entry 10 on shows at 11, 12, … too, but 10 is where it was changed.
    let first: ChainBreak | null = null;
    const note = (problem: ChainBreak) => {
      if (!first || problem.seq < first.seq) first = problem;
    };
    yield* this.eachChunk(month, (rows, chunk) => {
      for (const row of rows) {
        if (!(typeof row === 'string' && readChecked(row, checked)) && !this.recheckInJs(rowidOf(row), note)) continue; // removed since the chunk was read
        const { rowid, seq, deviceId, hash } = checked;
        entriesChecked += 1;
        if (rowid <= this.lastRowid) seenUpToLast += 1;
        const broken = walk.step(checked);
        if (broken) {
          // Name the missing entry itself where this month's documents still hold it.
          const logs = broken.reason === CHAIN_BREAK_REASONS.missingBefore(seq - 1) && logged.find(deviceId, seq - 1) !== null;
          note(logs ? { deviceId, seq: seq - 1, id: '', reason: DOCUMENT_MISMATCH_REASONS.missingFromTable(month.key) } : { ...broken, id: this.idOfRow(rowid) });
        }
        let claim = logged.claim(deviceId, seq, hash);
        if (claim === 'absent' && loadedAfterChunk < chunk) {
          // Written since the documents were read (this gives way to other calls): read them again.
          for (const name of names) this.loadDocument(logged, name);
          loadedAfterChunk = chunk;
          claim = logged.claim(deviceId, seq, hash);
        }
        if (claim !== 'found') {
          const reason =
            claim === 'absent' ? DOCUMENT_MISMATCH_REASONS.notLogged(month.key)
            : claim === 'differs' ? DOCUMENT_MISMATCH_REASONS.differs(month.key)
            : claim === 'claimedTwice' ? DOCUMENT_MISMATCH_REASONS.twice
            : DOCUMENT_MISMATCH_REASONS.conflict(month.key);
          note({ deviceId, seq, id: this.idOfRow(rowid), reason });
        }
      }
    });

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
    const found = first as ChainBreak | null;
    if (found && !found.id && found.reason === DOCUMENT_MISMATCH_REASONS.missingFromTable(month.key)) found.id = this.idInDocuments(names, found.deviceId, found.seq);
    return { key: month.key, entriesChecked, seenUpToLast, devices: walk.deviceIds(), logDocuments: names.length, problem: found };
  }

  /** The month's rows in time order, a chunk at a time, a step between two. */
  private *eachChunk(month: AuditMonth, each: (rows: (string | number)[], chunk: number) => void): Generator<void, void> {
    const { st } = this;
    let after: [number, string] | null = null;
    for (let chunk = 0; ; chunk++) {
      let rows: (string | number)[];
      try {
        rows = (after ? st.nextChunk.all(after[0], after[1], month.endMs) : st.firstChunk.all(month.startMs, month.endMs)) as (string | number)[];
      } catch {
        rows = (after ? st.nextChunkPlain.all(after[0], after[1], month.endMs) : st.firstChunkPlain.all(month.startMs, month.endMs)) as number[];
      }
      if (rows.length === 0) return;
      each(rows, chunk);
      after = (st.cursorOf.get(rowidOf(rows[rows.length - 1]!)) as [number, string] | undefined) ?? null;
      if (!after) return; // the last row was removed meanwhile: the count at the end tells
      yield;
    }
  }

  /** As runs, as a log document's batches hold them. */
  private loadDocument(logged: LoggedLinks, name: string): void {
    const runs = new LinkRunsBuilder();
    this.readLinks(name, runs.add.bind(runs));
    for (const run of runs.runs()) logged.addRun(run);
  }

  /**
   * Reads a row whole into `checked`, its hash recomputed by canonicalAuditJson itself: the last
   * word before calling it changed. False if it was removed since.
   */
  private recheckInJs(rowid: number, note: (problem: ChainBreak) => void): boolean {
    const row = this.st.row.get(rowid) as Database['audit_entries'] | undefined;
    if (!row) return false;
    const { hash, ...body } = entryFromRow(row);
    const { checked } = this;
    checked.rowid = rowid;
    checked.id = row.id;
    checked.seq = row.seq;
    checked.deviceId = row.device_id;
    checked.hash = row.hash;
    checked.prevHash = row.prev_hash;
    if (!(typeof hash === 'string' && computeAuditHash(body, sha256Hex) === hash)) note({ deviceId: row.device_id, seq: row.seq, id: row.id, reason: CHAIN_BREAK_REASONS.changed });
    return true;
  }

  private idOfRow(rowid: number): string {
    return (this.st.cursorOf.get(rowid) as [number, string] | undefined)?.[1] ?? '';
  }

  /** The id of an entry the month's documents hold, read again in full: only to name one missing from the table. */
  private idInDocuments(names: string[], deviceId: string, seq: number): string {
    let id = '';
    for (const name of names) {
      forEachLoggedBatch({ sqlite: this.sqlite }, name, (bytes, _view, start, end) => {
        if (id || bytes[start] !== BATCH_KIND.audit) return;
        try {
          id = decodeAuditBatch(bytes.subarray(start, end)).find((e) => e.deviceId === deviceId && e.seq === seq)?.id ?? '';
        } catch {
          // a batch the projection skipped names nothing
        }
      });
    }
    return id;
  }
}
