import BetterSqlite3 from 'better-sqlite3';
import type { MessagePort } from 'node:worker_threads';
import { MonthChecker, type AuditMonth, type MonthResult } from './month-check';
import { signalPosted, workerTakes, type SharedState } from './month-claims';

/** What the verifying thread hands the worker. */
export interface VerifyMonthsWorkerData {
  dbFile: string;
  /** Every month to check with its log documents, in time order; the worker takes them from the last. */
  months: { month: AuditMonth; names: string[] }[];
  /** The last row when the verify began. */
  lastRowid: number;
  /** Whether it takes months beyond those the shared state gave it from the start. */
  takeMore: boolean;
  /** Where it posts each month it checked. */
  port: MessagePort;
  state: SharedState;
}

export type MonthMessage = MonthResult | { error: string };

/**
 * Checks months of the audit log on a connection of its own, from the last month back, as long
 * as the verifying thread (going forward) has not come to them; posts each one as it is done.
 */
export function runVerifyMonthsWorker({ dbFile, months, lastRowid, takeMore, port, state }: VerifyMonthsWorkerData): void {
  let sqlite: BetterSqlite3.Database | null = null;
  try {
    sqlite = new BetterSqlite3(dbFile, { readonly: true, fileMustExist: true });
    const checker = new MonthChecker(sqlite, lastRowid);
    for (let index = months.length - 1; index >= 0 && workerTakes(state, index, takeMore); index--) {
      const { month, names } = months[index]!;
      const steps = checker.check(month, names);
      let step = steps.next();
      while (!step.done) step = steps.next();
      port.postMessage(step.value satisfies MonthMessage);
      signalPosted(state, false);
    }
  } catch (err) {
    port.postMessage({ error: String(err) } satisfies MonthMessage);
    signalPosted(state, true);
  } finally {
    sqlite?.close();
  }
}
