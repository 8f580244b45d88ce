// Group commit: the updates every document's queue hands in while one write is under way are
// stored together, one transaction per tenant, instead of one transaction each. A document's
// queue has one update in flight at a time, so its order is kept.
//
// Without a journal (PostgreSQL), a caller resolves once its own update is committed: "stored
// before relayed". With one (the embedded PGlite), it resolves once the update is in the journal,
// which is as durable as PGlite's own commit (update-journal.ts); the database write follows in the
// background and is tried again until it succeeds, and the journal keeps the update until then.
import type { HubDatabase } from './database';
import { statementsForTenant } from './tenant-scope';
import type { UpdateSealer } from './update-sealer';
import { NO_SECRETS_KEY } from './doc-store';
import type { JournalFrame, UpdateJournal } from './update-journal';

interface Pending {
  docName: string;
  update: Uint8Array;
  done(error?: unknown): void;
}

export interface GroupAppenderOptions {
  sealer?: UpdateSealer;
  journal?: UpdateJournal;
  /** A background write that failed (journaled updates only: it is tried again). */
  onError?(error: unknown): void;
  /** Resolves when a failed background write is to be tried again (default: after a second). */
  retryDelay?: () => Promise<unknown>;
}

export class GroupAppender {
  private waiting = new Map<string, Pending[]>();
  private writing: Promise<void> | null = null;
  private readonly sealer: UpdateSealer;
  /** Per document with updates not in the database yet: how many were handed in and stored, and who waits for how many. */
  private readonly unstored = new Map<string, { handedIn: number; stored: number; waiters: { upTo: number; resolve(): void }[] }>();
  private closing = false;
  /** Ends the wait before trying a failed write again: closing tries once more, without waiting. */
  private wake: () => void = () => {};

  constructor(
    private readonly db: HubDatabase,
    private readonly options: GroupAppenderOptions = {},
  ) {
    this.sealer = options.sealer ?? NO_SECRETS_KEY;
  }

  append(tenantId: string, docName: string, update: Uint8Array): Promise<void> {
    let sealed: Uint8Array;
    try {
      sealed = this.sealer.seal(docName, update);
    } catch (error) {
      return Promise.reject(error);
    }
    const { journal } = this.options;
    if (journal) {
      const receipt = journal.write({ tenantId, docName, update: sealed });
      this.enqueue(tenantId, { docName, update: sealed, done: (error) => (error === undefined ? journal.stored(receipt) : undefined) });
      return Promise.resolve();
    }
    return new Promise((resolve, reject) => this.enqueue(tenantId, { docName, update: sealed, done: (error) => (error === undefined ? resolve() : reject(error)) }));
  }

  /**
   * Stores what is waiting and stops trying: a journaled update the database still refuses stays
   * in the journal, to be stored at the next start.
   */
  async close(): Promise<void> {
    this.closing = true;
    this.wake();
    while (this.writing) await this.writing;
  }

  /** Resolves once every update of `docName` handed in so far is in the database (or failed, without a journal). */
  storedAll(docName: string): Promise<void> {
    const entry = this.unstored.get(docName);
    return entry ? new Promise((resolve) => entry.waiters.push({ upTo: entry.handedIn, resolve })) : Promise.resolve();
  }

  private enqueue(tenantId: string, pending: Pending): void {
    const entry = this.unstored.get(pending.docName) ?? { handedIn: 0, stored: 0, waiters: [] };
    entry.handedIn += 1;
    this.unstored.set(pending.docName, entry);
    const done = pending.done;
    pending.done = (error) => {
      done(error);
      if (error !== undefined && this.options.journal) return; // tried again
      // A document's updates are done in the order they were handed in.
      entry.stored += 1;
      entry.waiters = entry.waiters.filter((w) => (w.upTo <= entry.stored ? (w.resolve(), false) : true));
      if (entry.stored === entry.handedIn) this.unstored.delete(pending.docName);
    };
    const list = this.waiting.get(tenantId) ?? [];
    list.push(pending);
    this.waiting.set(tenantId, list);
    this.writing ??= this.writeAll();
  }

  private async writeAll(): Promise<void> {
    // Let the updates already on their way this turn join the first write.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.size > 0) {
      const groups = this.waiting;
      this.waiting = new Map();
      let failed = false;
      for (const [tenantId, list] of groups) {
        try {
          const insert = this.db.insertInto('doc_updates').values(list.map((p) => ({ tenant_id: tenantId, doc_name: p.docName, update: p.update })));
          await statementsForTenant(this.db, tenantId, [insert.compile()]);
          list.forEach((p) => p.done());
        } catch (error) {
          const failure = error ?? new Error('The update could not be stored.');
          if (!this.options.journal) {
            list.forEach((p) => p.done(failure));
            continue;
          }
          // Journaled: already relayed, so it must be stored. Ahead of what came meanwhile, in order.
          this.options.onError?.(failure);
          this.waiting.set(tenantId, [...list, ...(this.waiting.get(tenantId) ?? [])]);
          failed = true;
        }
      }
      if (failed && this.closing) break;
      if (failed) {
        const woken = new Promise<void>((resolve) => (this.wake = resolve));
        await Promise.race([this.options.retryDelay?.() ?? new Promise((resolve) => setTimeout(resolve, 1000).unref()), woken]);
      }
    }
    this.writing = null;
    // Closing: nobody waits for what stays in the journal.
    if (this.closing) for (const entry of this.unstored.values()) entry.waiters.splice(0).forEach((w) => w.resolve());
  }
}

/** Stores what a journal kept from an earlier run (its updates are sealed already), one transaction per tenant. */
export async function storeJournalFrames(db: HubDatabase, frames: JournalFrame[]): Promise<void> {
  const byTenant = new Map<string, JournalFrame[]>();
  for (const frame of frames) byTenant.set(frame.tenantId, [...(byTenant.get(frame.tenantId) ?? []), frame]);
  for (const [tenantId, list] of byTenant) {
    const insert = db.insertInto('doc_updates').values(list.map((f) => ({ tenant_id: tenantId, doc_name: f.docName, update: f.update })));
    await statementsForTenant(db, tenantId, [insert.compile()]);
  }
}
