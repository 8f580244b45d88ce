import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel, receiveMessageOnPort, Worker, type MessagePort } from 'node:worker_threads';
import { LoggedLinks } from '../../../domain/audit/logged-links';
import type { Sqlite } from '../db/open-database';
import type { LinksMessage, LinksWorkerData } from './audit-links-worker';

// Loads the worker module, which is TypeScript run by tsx (its require hook) from a checkout and a
// bundled .cjs in the app; a failure to load is reported like any other, so that the verify reads
// the documents itself.
const BOOT = `
const { workerData } = require('node:worker_threads');
try {
  if (workerData.tsx) require(workerData.tsx).register();
  require(workerData.module).runLinksWorker(workerData);
} catch (err) {
  workerData.port.postMessage({ error: String(err) });
  Atomics.store(workerData.posted, 0, -1);
  Atomics.notify(workerData.posted, 0);
}`;

function workerModule(): { module: string; tsx: string | null } {
  const here = import.meta.url;
  if (here.endsWith('.cjs')) return { module: fileURLToPath(new URL('./audit-links-worker.cjs', here)), tsx: null };
  return { module: fileURLToPath(new URL('./audit-links-worker.ts', here)), tsx: createRequire(here).resolve('tsx/cjs/api') };
}

/**
 * The log documents' audit links, month by month, read by a worker thread while the verifying
 * thread reads and hashes the table: the two halves of a verify are independent until a month's
 * rows are compared with its links. Months come in the order they were asked for.
 */
export class LinksFromWorker {
  private taken = 0;
  private failed = false;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
    private readonly posted: Int32Array,
    private readonly months: ReadonlySet<string>,
  ) {}

  /** Whether the worker reads this month's documents (and has not failed). */
  reads(key: string): boolean {
    return !this.failed && this.months.has(key);
  }

  /** Null where the database has no file a second connection could open (an in-memory one). */
  static start(sqlite: Sqlite, months: { key: string; names: string[] }[]): LinksFromWorker | null {
    if (sqlite.memory || !sqlite.name) return null;
    const { port1, port2 } = new MessageChannel();
    const posted = new Int32Array(new SharedArrayBuffer(4));
    const workerData: LinksWorkerData & { module: string; tsx: string | null } = { dbFile: sqlite.name, months, port: port2, posted, ...workerModule() };
    try {
      const worker = new Worker(BOOT, { eval: true, workerData, transferList: [port2] });
      // Reported through the port too; this only keeps an uncaught one from taking the engine down.
      worker.on('error', () => undefined);
      worker.unref();
      return new LinksFromWorker(worker, port1, posted, new Set(months.map((m) => m.key)));
    } catch {
      port1.close();
      return null;
    }
  }

  /** The month's links once posted, 'wait' until then, or null if the worker failed: read them here instead. */
  take(key: string): LoggedLinks | 'wait' | null {
    if (this.failed) return null;
    const received = receiveMessageOnPort(this.port)?.message as LinksMessage | undefined;
    if (!received) return 'wait';
    this.taken += 1;
    if ('error' in received || received.key !== key) {
      this.failed = true;
      this.stop();
      return null;
    }
    const logged = new LoggedLinks();
    for (const run of received.runs) logged.addRun(run);
    return logged;
  }

  /** Blocks until the worker posts again (the command line, a backup's inspection: nothing else waits on this thread). */
  waitSync(): void {
    Atomics.wait(this.posted, 0, this.taken);
  }

  /** Resolves when the worker posts again, leaving the engine free for other calls meanwhile. */
  waitAsync(): Promise<unknown> {
    const waiting = (Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number): { async: boolean; value: Promise<unknown> | string } }).waitAsync(this.posted, 0, this.taken);
    return waiting.async ? (waiting.value as Promise<unknown>) : Promise.resolve();
  }

  stop(): void {
    this.port.close();
    void this.worker.terminate();
  }
}
