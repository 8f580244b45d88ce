// The documents a hub holds in memory: loaded once for all their connections, dropped when the
// last one leaves (after every accepted update is stored). A cache only: the database holds it all.
import type { ParsedDocName } from '../../domain/sync/doc-names';
import { DocRoom, type RoomOptions } from './doc-room';

interface Entry {
  room: DocRoom;
  ready: Promise<DocRoom>;
  users: number;
}

export class Rooms {
  private readonly open = new Map<string, Entry>();
  private readonly closing = new Map<string, Promise<void>>();

  constructor(private readonly options: RoomOptions) {}

  get size(): number {
    return this.open.size;
  }

  /** The loaded room for `name`; call `release` once the caller is done with it. */
  async acquire(name: string, parsed: ParsedDocName): Promise<DocRoom> {
    await this.closing.get(name);
    let entry = this.open.get(name);
    if (!entry) {
      const room = new DocRoom(name, parsed, this.options);
      const created: Entry = { room, ready: room.load().then(() => room), users: 0 };
      created.ready.catch(() => this.forget(name, created));
      this.open.set(name, created);
      this.options.metrics.documentsLoaded.set(this.open.size);
      entry = created;
    }
    entry.users++;
    return entry.ready;
  }

  release(name: string): void {
    const entry = this.open.get(name);
    if (!entry || --entry.users > 0) return;
    this.forget(name, entry);
    const done = entry.room
      .settled()
      .finally(() => {
        entry.room.doc.destroy();
        this.closing.delete(name);
      });
    this.closing.set(name, done);
  }

  async closeAll(): Promise<void> {
    const rooms = [...this.open.values()].map((e) => e.room);
    await Promise.all([...rooms.map((r) => r.settled()), ...this.closing.values()]);
  }

  private forget(name: string, entry: Entry): void {
    if (this.open.get(name) === entry) this.open.delete(name);
    this.options.metrics.documentsLoaded.set(this.open.size);
  }
}
