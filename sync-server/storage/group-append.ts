// Group commit: the updates every document's queue hands in while one write is under way are
// stored together, one transaction per tenant, instead of one transaction each. Each caller still
// resolves only once its own update is committed, so "stored before relayed" holds; a document's
// queue has one update in flight at a time, so its order is kept.
import type { HubDatabase } from './database';
import { statementsForTenant } from './tenant-scope';
import type { UpdateSealer } from './update-sealer';
import { NO_SECRETS_KEY } from './doc-store';

interface Pending {
  docName: string;
  update: Uint8Array;
  done(error?: unknown): void;
}

export class GroupAppender {
  private waiting = new Map<string, Pending[]>();
  private writing: Promise<void> | null = null;

  constructor(
    private readonly db: HubDatabase,
    private readonly sealer: UpdateSealer = NO_SECRETS_KEY,
  ) {}

  append(tenantId: string, docName: string, update: Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => {
      const list = this.waiting.get(tenantId) ?? [];
      let sealed: Uint8Array;
      try {
        sealed = this.sealer.seal(docName, update);
      } catch (error) {
        reject(error);
        return;
      }
      list.push({ docName, update: sealed, done: (error) => (error === undefined ? resolve() : reject(error)) });
      this.waiting.set(tenantId, list);
      this.writing ??= this.writeAll();
    });
  }

  private async writeAll(): Promise<void> {
    // Let the updates already on their way this turn join the first write.
    await new Promise((resolve) => setImmediate(resolve));
    while (this.waiting.size > 0) {
      const groups = this.waiting;
      this.waiting = new Map();
      for (const [tenantId, list] of groups) {
        try {
          const insert = this.db.insertInto('doc_updates').values(list.map((p) => ({ tenant_id: tenantId, doc_name: p.docName, update: p.update })));
          await statementsForTenant(this.db, tenantId, [insert.compile()]);
          list.forEach((p) => p.done());
        } catch (error) {
          list.forEach((p) => p.done(error ?? new Error('The update could not be stored.')));
        }
      }
    }
    this.writing = null;
  }
}
