import type { Compilable, InferResult } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Sqlite } from './open-database';

/**
 * Runs Kysely-built queries synchronously on better-sqlite3. The write path needs this: a Yjs
 * update and its projection rows are written in one SQLite transaction, inside Yjs's synchronous
 * update event, where an awaited query could not run.
 */
export class SyncQuery {
  private readonly statements = new Map<string, BetterSqlite3.Statement<unknown[]>>();

  constructor(readonly sqlite: Sqlite) {}

  private prepare(sqlText: string) {
    let stmt = this.statements.get(sqlText);
    if (!stmt) {
      stmt = this.sqlite.prepare<unknown[]>(sqlText);
      this.statements.set(sqlText, stmt);
    }
    return stmt;
  }

  private params(query: Compilable<unknown>) {
    const compiled = query.compile();
    const params: unknown[] = compiled.parameters.map((p) => (typeof p === 'boolean' ? (p ? 1 : 0) : p));
    return { stmt: this.prepare(compiled.sql), params };
  }

  all<Q extends Compilable<unknown>>(query: Q): InferResult<Q> {
    const { stmt, params } = this.params(query);
    return stmt.all(...params) as InferResult<Q>;
  }

  first<Q extends Compilable<unknown>>(query: Q): InferResult<Q>[number] | undefined {
    const { stmt, params } = this.params(query);
    return stmt.get(...params) as InferResult<Q>[number] | undefined;
  }

  run(query: Compilable<unknown>): { changes: number } {
    const { stmt, params } = this.params(query);
    return stmt.run(...params);
  }

  /**
   * One SQLite transaction; nested calls join the outer one (savepoints). `immediate` takes the
   * write lock at the start, so what is read inside is still true when it is written: no other
   * process (the desktop app and a command line on the same file) commits in between.
   */
  transaction<T>(fn: () => T, options: { immediate?: boolean } = {}): T {
    const transaction = this.sqlite.transaction(fn);
    return options.immediate ? transaction.immediate() : transaction();
  }
}
