import * as Y from 'yjs';
import type { Kysely } from 'kysely';
import { OpsFlowError } from '../../../domain/errors';
import type { Database } from '../db/schema';
import type { SyncQuery } from '../db/sync-query';
import type { ProjectionRegistry } from './projection-registry';

/** Transaction origins. Only LOAD skips the write path: it replays what is already durable. */
export const ORIGIN = { local: 'local', remote: 'remote', load: 'load' } as const;

/** Called before a local change with the document; returns why the changed document is refused (null: kept). */
export type ChangeCheck = (doc: Y.Doc) => (changed: Y.Doc) => string | null;

export interface WriteGuard {
  /** Why this PC may not change the document at all, or null. */
  refusal(name: string): string | null;
  /** For documents whose changes this PC may make only in part: the check of each change. */
  check?(name: string): ChangeCheck | null;
}

export interface DocStoreOptions {
  /** Past this many stored updates a document is compacted into one snapshot update. */
  compactAfterUpdates?: number;
  now?: () => number;
}

/**
 * The local-first write path. Every change to a document — local or from the hub — is one SQLite
 * transaction holding both the Yjs update (appended to `y_updates`) and the projection rows it
 * means. The documents are rebuilt from `y_updates` at start-up, so a crash at any instant leaves
 * the update log and the projection in step.
 */
export class DocStore {
  private readonly docs = new Map<string, Y.Doc>();
  /** Documents changed inside the SQLite transaction under way: reloaded if it rolls back. */
  private readonly touched = new Set<string>();
  private readonly pendingCounts = new Map<string, number>();
  private readonly openedListeners = new Set<(name: string, doc: Y.Doc) => void>();
  private writeGuard: WriteGuard | null = null;
  private readonly compactAfter: number;
  private readonly now: () => number;

  constructor(
    private readonly q: SyncQuery,
    private readonly db: Kysely<Database>,
    private readonly projections: ProjectionRegistry,
    options: DocStoreOptions = {},
  ) {
    this.compactAfter = options.compactAfterUpdates ?? 500;
    this.now = options.now ?? Date.now;
  }

  isLoaded(name: string): boolean {
    return this.docs.has(name);
  }

  /** The document, loaded from the update log on first use. */
  get(name: string): Y.Doc {
    const existing = this.docs.get(name);
    if (existing) return existing;
    const doc = new Y.Doc({ gc: true });
    const rows = this.q.all(this.db.selectFrom('y_updates').select('update').where('doc', '=', name).orderBy('seq'));
    if (rows.length > 0) {
      Y.transact(doc, () => {
        for (const row of rows) Y.applyUpdate(doc, row.update, ORIGIN.load);
      }, ORIGIN.load);
    }
    this.pendingCounts.set(name, rows.length);
    doc.on('afterTransaction', (tr: Y.Transaction) => {
      if (tr.origin === ORIGIN.load) return;
      this.requireTransaction(name);
      this.projections.project(name, doc, tr);
    });
    doc.on('update', (update: Uint8Array, origin: unknown) => {
      if (origin === ORIGIN.load) return;
      this.requireTransaction(name);
      this.q.run(this.db.insertInto('y_updates').values({ doc: name, update, at_ms: this.now() }));
      this.pendingCounts.set(name, (this.pendingCounts.get(name) ?? 0) + 1);
    });
    this.docs.set(name, doc);
    for (const listener of this.openedListeners) listener(name, doc);
    return doc;
  }

  /** Names of the documents in memory. */
  loadedNames(): string[] {
    return [...this.docs.keys()];
  }

  /** Names of every document with stored updates (loaded or not). */
  storedNames(): string[] {
    return this.q.all(this.db.selectFrom('y_updates').select('doc').distinct()).map((row) => row.doc);
  }

  /** Told each time a document is loaded into memory (the hub link connects it); returns how to stop. */
  onOpened(listener: (name: string, doc: Y.Doc) => void): () => void {
    this.openedListeners.add(listener);
    return () => this.openedListeners.delete(listener);
  }

  /**
   * Refuses local changes to the documents `guard` names a reason for (a regional office PC reads
   * other locations' documents but cannot send them a change: it would stay on this PC alone), and
   * the changes its check refuses (rolled back with the transaction they belong to).
   */
  guardWrites(guard: WriteGuard): () => void {
    this.writeGuard = guard;
    return () => {
      if (this.writeGuard === guard) this.writeGuard = null;
    };
  }

  /** Runs `fn` on the document as one local change, durable when this returns. */
  change<T>(name: string, fn: (doc: Y.Doc) => T): T {
    const refusal = this.writeGuard?.refusal(name);
    if (refusal) throw new OpsFlowError('FORBIDDEN', refusal);
    const check = this.writeGuard?.check?.(name) ?? null;
    return this.transaction(() => {
      const doc = this.get(name);
      this.touched.add(name);
      const verdict = check?.(doc);
      let result!: T;
      Y.transact(doc, () => {
        result = fn(doc);
      }, ORIGIN.local);
      const refused = verdict?.(doc);
      if (refused) throw new OpsFlowError('FORBIDDEN', refused);
      return result;
    });
  }

  /** Applies an update that came from elsewhere through the same write path. */
  applyRemote(name: string, update: Uint8Array): void {
    this.transaction(() => {
      const doc = this.get(name);
      this.touched.add(name);
      Y.applyUpdate(doc, update, ORIGIN.remote);
    });
  }

  /**
   * One SQLite transaction around any number of document changes. If anything throws, SQLite rolls
   * back and every document touched is dropped from memory, to be reloaded from the update log:
   * memory never holds a change that is not on disk. `immediate`: see SyncQuery.transaction.
   */
  transaction<T>(fn: () => T, options: { immediate?: boolean } = {}): T {
    if (this.q.sqlite.inTransaction) return fn();
    try {
      const result = this.q.transaction(fn, options);
      const touched = [...this.touched];
      this.touched.clear();
      for (const name of touched) this.compactIfDue(name);
      return result;
    } catch (err) {
      for (const name of this.touched) this.unload(name);
      this.touched.clear();
      throw err;
    }
  }

  /** Deletes a document from this PC: its stored updates and its copy in memory, in the caller's transaction. */
  remove(name: string): void {
    this.transaction(() => this.q.run(this.db.deleteFrom('y_updates').where('doc', '=', name)));
    this.unload(name);
  }

  /** Stored updates of a document, for tests and for the hub connection. */
  storedUpdateCount(name: string): number {
    const row = this.q.first(this.db.selectFrom('y_updates').select((eb) => eb.fn.countAll<number>().as('n')).where('doc', '=', name));
    return Number(row?.n ?? 0);
  }

  /** Replaces a document's stored updates by one snapshot: same state, fewer rows to replay. */
  compact(name: string): void {
    const doc = this.get(name);
    this.q.transaction(() => {
      this.q.run(this.db.deleteFrom('y_updates').where('doc', '=', name));
      this.q.run(this.db.insertInto('y_updates').values({ doc: name, update: Y.encodeStateAsUpdate(doc), at_ms: this.now() }));
    });
    this.pendingCounts.set(name, 1);
  }

  private compactIfDue(name: string): void {
    if ((this.pendingCounts.get(name) ?? 0) > this.compactAfter) this.compact(name);
  }

  private unload(name: string): void {
    this.docs.get(name)?.destroy();
    this.docs.delete(name);
    this.pendingCounts.delete(name);
  }

  private requireTransaction(name: string): void {
    if (!this.q.sqlite.inTransaction) {
      throw new Error(`Document ${name} changed outside DocStore.change/applyRemote: the change would not be durable.`);
    }
  }

  close(): void {
    for (const name of [...this.docs.keys()]) this.unload(name);
  }
}
