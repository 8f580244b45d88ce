import BetterSqlite3 from 'better-sqlite3';
import type { MessagePort } from 'node:worker_threads';
import { LinkRunsBuilder, type LinkRun } from '../../../domain/audit/link-runs';
import { auditLinkReader } from './logged-audit-links';

/** What the verifying thread hands the worker: the database file, the months in the order it will ask for them, where to answer. */
export interface LinksWorkerData {
  dbFile: string;
  months: { key: string; names: string[] }[];
  port: MessagePort;
  /** [0]: months posted so far (or -1 after a failure); the verifying thread waits on it. */
  posted: Int32Array;
}

/** One month's links, as runs of consecutive seqs (a device's month is one run). */
export interface MonthLinks {
  key: string;
  runs: LinkRun[];
}

export type LinksMessage = MonthLinks | { error: string };

function signal(posted: Int32Array, failed: boolean): void {
  if (failed) Atomics.store(posted, 0, -1);
  else Atomics.add(posted, 0, 1);
  Atomics.notify(posted, 0);
}

/**
 * Reads every month's log documents into their audit links, on a connection of its own, and posts
 * each month as soon as it is read: the verifying thread hashes the table's rows meanwhile.
 */
export function runLinksWorker({ dbFile, months, port, posted }: LinksWorkerData): void {
  let sqlite: BetterSqlite3.Database | null = null;
  try {
    sqlite = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
    const read = auditLinkReader({ sqlite });
    for (const { key, names } of months) {
      const runs = new LinkRunsBuilder();
      const add = runs.add.bind(runs);
      for (const name of names) read(name, add);
      port.postMessage({ key, runs: runs.runs() } satisfies LinksMessage);
      signal(posted, false);
    }
  } catch (err) {
    port.postMessage({ error: String(err) } satisfies LinksMessage);
    signal(posted, true);
  } finally {
    sqlite?.close();
  }
}
