import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import type { Sqlite } from '../db/open-database';
import type { AuditMonth, MonthResult } from './month-check';
import { postedCount, sharedState, waitForPost, waitForPostSync, workerHas, type SharedState } from './month-claims';
import type { MonthMessage, VerifyMonthsWorkerData } from './verify-months-worker';

// Loads the worker module, which is TypeScript run by tsx (its require hook) from a checkout and a
// bundled .cjs in the app; a failure to load is reported like any other, so that the verify
// checks every month itself.
const BOOT = `
const { workerData } = require('node:worker_threads');
try {
  if (workerData.tsx) require(workerData.tsx).register();
  require(workerData.module).runVerifyMonthsWorker(workerData);
} catch (err) {
  workerData.port.postMessage({ error: String(err) });
  Atomics.store(workerData.state, 0, -1); // the post count (month-claims.ts): -1 says it failed
  Atomics.notify(workerData.state, 0);
}`;

function workerModule(): { module: string; tsx: string | null } {
  const here = import.meta.url;
  if (here.endsWith('.cjs')) return { module: fileURLToPath(new URL('./verify-months-worker.cjs', here)), tsx: null };
  return { module: fileURLToPath(new URL('./verify-months-worker.ts', here)), tsx: createRequire(here).resolve('tsx/cjs/api') };
}

/**
 * Months of the audit log checked by a worker thread, from the last one back, while the
 * verifying thread checks them from the first: each month is checked by whichever comes to it
 * first, and the verifying thread takes the worker's results in time order.
 */
export class MonthsFromWorker {
  private failed = false;
  /** The worker's post count when its port was last read: a wait is for a post past it. */
  private seen = 0;
  private readonly posted = new Map<string, MonthResult>();

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly state: SharedState,
    private readonly indexOf: ReadonlyMap<string, number>,
  ) {}

  /**
   * Null where the database has no file a second connection could open (an in-memory one).
   * `given`: how many of the last months are the worker's from the start (tests); by default it
   * takes as many as it gets to.
   */
  static start(sqlite: Sqlite, months: { month: AuditMonth; names: string[] }[], lastRowid: number, given?: number): MonthsFromWorker | null {
    if (sqlite.memory || !sqlite.name) return null;
    const { port1, port2 } = new MessageChannel();
    const state = sharedState(months.length, given ?? 0);
    const workerData: VerifyMonthsWorkerData & { module: string; tsx: string | null } = {
      dbFile: sqlite.name,
      months,
      lastRowid,
      takeMore: given === undefined,
      port: port2,
      state,
      ...workerModule(),
    };
    try {
      const worker = new Worker(BOOT, { eval: true, workerData, transferList: [port2] });
      // Reported through the port too; this only keeps an uncaught one from taking the engine down.
      worker.on('error', () => undefined);
      worker.unref();
      return new MonthsFromWorker(worker, port1, state, new Map(months.map(({ month }, i) => [month.key, i])));
    } catch {
      port1.close();
      return null;
    }
  }

  /** Whether the worker checks this month (and has not failed); asking settles it, for both threads. */
  checks(key: string): boolean {
    const index = this.indexOf.get(key);
    return !this.failed && index !== undefined && workerHas(this.state, index);
  }

  /** The month's result once posted, 'wait' until then, or null if the worker failed: check it here instead. */
  take(key: string): MonthResult | 'wait' | null {
    if (this.failed) return null;
    this.seen = postedCount(this.state);
    for (let m = receiveMessageOnPort(this.port); m; m = receiveMessageOnPort(this.port)) {
      const message = m.message as MonthMessage;
      if ('error' in message) return this.fail();
      this.posted.set(message.key, message);
    }
    const result = this.posted.get(key);
    if (result) {
      this.posted.delete(key);
      return result;
    }
    return this.seen < 0 ? this.fail() : 'wait';
  }

  private fail(): null {
    this.failed = true;
    this.stop();
    return null;
  }

  /** Blocks until the worker posts again (the command line, a backup's inspection: nothing else waits on this thread). */
  waitSync(): void {
    waitForPostSync(this.state, this.seen);
  }

  /** Resolves when the worker posts again, leaving the engine free for other calls meanwhile. */
  waitAsync(): Promise<unknown> {
    return waitForPost(this.state, this.seen);
  }

  stop(): void {
    this.port.close();
    void this.worker.terminate();
  }
}
