import type { ChainBreak } from '../../../domain/audit/chain';
import type { ChainVerdict } from '../../../domain/audit/entry';
import type { SyncQuery } from '../db/sync-query';
import { logDocumentsByMonth } from './log-documents';
import { DOCUMENT_MISMATCH_REASONS, MonthChecker, type AuditMonth, type MonthResult } from './month-check';
import { MonthsFromWorker } from './months-from-worker';

export { DOCUMENT_MISMATCH_REASONS };

/** The months log documents can be named by: four-digit years. Rows timed outside them have no document. */
const FIRST_MS = Date.UTC(1000, 0, 1);
const END_MS = Date.UTC(10000, 0, 1);

function monthOf(atMs: number): AuditMonth {
  const d = new Date(atMs);
  const year = d.getUTCFullYear();
  const month = d.getUTCMonth();
  return { key: `${year}-${String(month + 1).padStart(2, '0')}`, startMs: Date.UTC(year, month, 1), endMs: Date.UTC(year, month + 1, 1) };
}

function monthOfKey(key: string): AuditMonth {
  const [year, month] = key.split('-').map(Number) as [number, number];
  return monthOf(Date.UTC(year, month - 1, 1));
}

/**
 * How to verify: with a worker thread taking months from the last while this one takes them from
 * the first, or all on this one (by default, for a table of this many rows or more).
 * `monthsInWorker`: how many of the last months are the worker's, whatever this thread gets to
 * meanwhile (tests); by default the two meet wherever they meet.
 */
export interface VerifyOptions {
  inWorker?: boolean;
  monthsInWorker?: number;
}

/** Below this many rows a worker thread costs more to start than it takes off this one. */
const WORKER_FROM_ROWS = 20_000;

/** A step gives way; one that hands back the worker waits for it to post a month. */
type Step = void | MonthsFromWorker;

function statements(q: SyncQuery) {
  const { sqlite } = q;
  return {
    nextTimed: sqlite.prepare('SELECT min(at_ms) FROM audit_entries WHERE at_ms >= ?').pluck(),
    lastRowid: sqlite.prepare('SELECT max(rowid) FROM audit_entries').pluck(),
    countUpTo: sqlite.prepare('SELECT COUNT(*) FROM audit_entries WHERE rowid <= ?').pluck(),
    firstOutOfPlace: sqlite.prepare(
      `SELECT device_id, seq, id FROM audit_entries
       WHERE rowid <= ? AND NOT (typeof(at_ms) IN ('integer', 'real') AND at_ms >= ${FIRST_MS} AND at_ms < ${END_MS} AND id IS NOT NULL) LIMIT 1`,
    ),
  };
}

/**
 * The months to check, in time order: each month that has log documents or rows, whichever
 * comes first. Read as it goes, so that a month whose first rows were written since the verify
 * began is checked too.
 */
function* monthsToCheck(st: ReturnType<typeof statements>, documentsByMonth: Map<string, string[]>): Generator<AuditMonth> {
  const docMonths = [...documentsByMonth.keys()];
  let nextDocMonth = 0;
  let fromMs = FIRST_MS;
  for (;;) {
    const nextTimed = st.nextTimed.get(fromMs);
    const rowMonth = typeof nextTimed === 'number' && nextTimed < END_MS ? monthOf(nextTimed) : null;
    const docMonth = nextDocMonth < docMonths.length ? monthOfKey(docMonths[nextDocMonth]!) : null;
    const month = rowMonth && (!docMonth || rowMonth.startMs < docMonth.startMs) ? rowMonth : docMonth;
    if (!month) return;
    if (docMonth?.key === month.key) nextDocMonth += 1;
    fromMs = month.endMs;
    yield month;
  }
}

/**
 * Verifies the audit log: every entry's own hash, every link of every device's chain, and the
 * table against the log documents, the source of truth — a row the documents do not hold was
 * added, a document entry no row holds was removed, a row whose hash differs from the document's
 * was changed, even with its whole chain re-hashed. The hash covers an entry's whole content, so
 * once a row's hash is checked against its content, comparing hashes compares the entries.
 *
 * Month by month (MonthChecker); the first month with a problem is the one reported. On a long
 * log a worker thread checks months from the last one back while this thread goes forward; a
 * month the worker has is waited for, not checked again.
 */
function* verifySteps(q: SyncQuery, options: VerifyOptions): Generator<Step, ChainVerdict> {
  const st = statements(q);
  const documentsByMonth = logDocumentsByMonth(q);
  // Rows appended while this runs (the Verify button gives way to other calls) are not owed a check.
  const lastRowid = Number(st.lastRowid.get() ?? 0);
  const planned = [...monthsToCheck(st, documentsByMonth)];
  const inWorker = (options.inWorker ?? lastRowid >= WORKER_FROM_ROWS) && planned.length > 1;
  const worker = inWorker ? MonthsFromWorker.start(q.sqlite, planned.map((month) => ({ month, names: documentsByMonth.get(month.key) ?? [] })), lastRowid, options.monthsInWorker) : null;
  try {
    return yield* checkSteps(q, st, documentsByMonth, lastRowid, worker);
  } finally {
    worker?.stop();
  }
}

function* checkSteps(q: SyncQuery, st: ReturnType<typeof statements>, documentsByMonth: Map<string, string[]>, lastRowid: number, worker: MonthsFromWorker | null): Generator<Step, ChainVerdict> {
  let monthsWorker = worker;
  const here = new MonthChecker(q.sqlite, lastRowid);
  let entriesChecked = 0;
  let seenUpToLast = 0;
  let logDocuments = 0;
  const devices = new Set<string>();
  const verdict = (broken: ChainBreak | null): ChainVerdict =>
    broken ? { ok: false, entriesChecked, devices: devices.size, logDocuments, brokenAt: broken } : { ok: true, entriesChecked, devices: devices.size, logDocuments };

  for (const month of monthsToCheck(st, documentsByMonth)) {
    let result: MonthResult | null = null;
    while (monthsWorker?.checks(month.key)) {
      const taken = monthsWorker.take(month.key);
      if (taken === 'wait') yield monthsWorker;
      else {
        if (taken) result = taken;
        else monthsWorker = null; // it failed: the rest is checked here
        break;
      }
    }
    result ??= yield* here.check(month, documentsByMonth.get(month.key) ?? []);
    entriesChecked += result.entriesChecked;
    seenUpToLast += result.seenUpToLast;
    logDocuments += result.logDocuments;
    for (const device of result.devices) devices.add(device);
    if (result.problem) return verdict(result.problem);
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
