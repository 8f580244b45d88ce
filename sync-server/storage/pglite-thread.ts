import type { Results } from '@electric-sql/pglite';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { PGliteFailure, PGliteReply, PGliteRequest, PGliteWorkerData, Statement } from './pglite-worker';

/** What the Kysely driver needs of PGlite, whether it runs on this thread or its own. */
export interface EmbeddedPostgres {
  exec(sql: string): Promise<Results[]>;
  query<R>(sql: string, params: unknown[]): Promise<Results<R>>;
  /** The statements in one transaction, all or none; on another thread, in one exchange with it. */
  transaction(statements: Statement[]): Promise<void>;
  close(): Promise<void>;
}

// The worker module is TypeScript, loaded through tsx's require hook, as the hub itself is.
const BOOT = `
const { workerData } = require('node:worker_threads');
require(workerData.tsx).register();
require(workerData.module).runPGliteWorker(workerData);`;

function databaseError(failure: PGliteFailure): Error {
  return Object.assign(new Error(failure.message), failure.fields);
}

/**
 * PGlite in a worker thread: the hub's main thread keeps relaying updates while a commit runs.
 * Statements go one at a time in the order they were sent; if the thread dies, every waiting and
 * later statement fails with the reason.
 */
export class PGliteThread implements EmbeddedPostgres {
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(result: unknown): void; reject(error: Error): void }>();
  private dead: Error | null = null;

  private constructor(
    private readonly worker: Worker,
    private readonly port: MessagePort,
  ) {
    port.on('message', (reply: PGliteReply) => {
      if (!('id' in reply)) return;
      const waiter = this.waiting.get(reply.id);
      this.waiting.delete(reply.id);
      if ('failure' in reply) waiter?.reject(databaseError(reply.failure));
      else waiter?.resolve(reply.result);
    });
    worker.on('error', (error) => this.die(error));
    worker.on('exit', (code) => this.die(new Error(`The embedded database's thread ended (exit code ${code}).`)));
  }

  /** Starts the thread and opens (or creates) the database in `dataDir`. */
  static async start(dataDir: string): Promise<PGliteThread> {
    const { port1, port2 } = new MessageChannel();
    const here = import.meta.url;
    const workerData: PGliteWorkerData & { module: string; tsx: string } = {
      dataDir,
      port: port2,
      module: fileURLToPath(new URL('./pglite-worker.ts', here)),
      tsx: createRequire(here).resolve('tsx/cjs/api'),
    };
    const worker = new Worker(BOOT, { eval: true, workerData, transferList: [port2] });
    const started = await new Promise<PGliteReply>((resolve, reject) => {
      port1.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`The embedded database's thread ended while starting (exit code ${code}).`)));
    }).catch(async (error: unknown) => {
      await worker.terminate();
      throw error;
    });
    if ('startFailure' in started) {
      await worker.terminate();
      throw databaseError(started.startFailure);
    }
    worker.removeAllListeners();
    return new PGliteThread(worker, port1);
  }

  exec(sql: string): Promise<Results[]> {
    return this.send({ op: 'exec', sql }) as Promise<Results[]>;
  }

  query<R>(sql: string, params: unknown[]): Promise<Results<R>> {
    return this.send({ op: 'query', sql, params: params.map(ownBytes) }) as Promise<Results<R>>;
  }

  async transaction(statements: Statement[]): Promise<void> {
    await this.send({ op: 'transaction', statements: statements.map((s) => ({ sql: s.sql, params: s.params.map(ownBytes) })) });
  }

  async close(): Promise<void> {
    if (this.dead) return;
    await this.send({ op: 'close' });
    this.dead = new Error('The embedded database is closed.');
    this.port.close();
    await this.worker.terminate();
  }

  private send(request: DistributiveOmit<PGliteRequest, 'id'>): Promise<unknown> {
    if (this.dead) return Promise.reject(this.dead);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.port.postMessage({ ...request, id });
    });
  }

  private die(error: Error): void {
    this.dead ??= error;
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }
}

/**
 * A message copies the whole buffer under a byte array, and an update read from a WebSocket frame
 * is a view into the frame's (or the socket's) buffer: copied to its own bytes, it is only itself.
 */
function ownBytes(param: unknown): unknown {
  return param instanceof Uint8Array && param.byteLength !== param.buffer.byteLength ? param.slice() : param;
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
