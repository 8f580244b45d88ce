// The embedded database's own thread: PGlite runs its queries synchronously in WebAssembly, so on
// the hub's main thread every commit stopped the relaying of updates while it ran. Here it runs
// beside it; the main thread sends statements and awaits their results (see pglite-thread.ts).
import { PGlite } from '@electric-sql/pglite';
import type { MessagePort } from 'node:worker_threads';

export type PGliteRequest =
  | { id: number; op: 'exec'; sql: string }
  | { id: number; op: 'query'; sql: string; params: unknown[] }
  | { id: number; op: 'transaction'; statements: Statement[] }
  | { id: number; op: 'close' };

export interface Statement {
  sql: string;
  params: readonly unknown[];
}

export interface PGliteFailure {
  message: string;
  /** PostgreSQL's SQLSTATE and the fields callers read from a database error. */
  fields: Record<string, unknown>;
}

export type PGliteReply = { id: number; result: unknown } | { id: number; failure: PGliteFailure } | { ready: true } | { startFailure: PGliteFailure };

export interface PGliteWorkerData {
  dataDir: string;
  port: MessagePort;
}

const ERROR_FIELDS = ['code', 'detail', 'hint', 'constraint', 'table', 'column', 'schema', 'severity', 'where'];

function failureOf(error: unknown): PGliteFailure {
  const fields: Record<string, unknown> = {};
  if (error && typeof error === 'object') for (const key of ERROR_FIELDS) if (key in error) fields[key] = (error as Record<string, unknown>)[key];
  return { message: error instanceof Error ? error.message : String(error), fields };
}

export async function runPGliteWorker({ dataDir, port }: PGliteWorkerData): Promise<void> {
  let pglite: PGlite;
  try {
    pglite = await PGlite.create(dataDir);
  } catch (error) {
    port.postMessage({ startFailure: failureOf(error) } satisfies PGliteReply);
    return;
  }
  port.postMessage({ ready: true } satisfies PGliteReply);
  // One statement at a time, in the order sent: the main thread's driver already holds a
  // transaction's statements together.
  let queue = Promise.resolve();
  port.on('message', (request: PGliteRequest) => {
    queue = queue.then(async () => {
      try {
        if (request.op === 'close') {
          await pglite.close();
          port.postMessage({ id: request.id, result: null } satisfies PGliteReply);
          port.close();
          return;
        }
        const result =
          request.op === 'exec' ? await pglite.exec(request.sql) : request.op === 'query' ? await pglite.query(request.sql, [...request.params]) : await inTransaction(pglite, request.statements);
        port.postMessage({ id: request.id, result } satisfies PGliteReply);
      } catch (error) {
        port.postMessage({ id: request.id, failure: failureOf(error) } satisfies PGliteReply);
      }
    });
  });
}

/** Runs `statements` in one transaction, rolled back if one fails: one message for a whole group of stored updates. */
async function inTransaction(pglite: PGlite, statements: Statement[]): Promise<null> {
  await pglite.exec('begin');
  try {
    for (const { sql, params } of statements) {
      if (params.length === 0) await pglite.exec(sql);
      else await pglite.query(sql, [...params]);
    }
    await pglite.exec('commit');
  } catch (error) {
    await pglite.exec('rollback');
    throw error;
  }
  return null;
}
