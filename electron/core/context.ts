import type { Kysely } from 'kysely';
import type { AuditDraft } from '../../domain/audit/entry';
import type { Database } from './db/schema';
import type { Sqlite } from './db/open-database';
import type { SyncQuery } from './db/sync-query';
import type { AuditActor, AuditWriter, DeviceIdentity } from './audit/audit-writer';
import type { Session, Sessions } from './auth/sessions';
import type { DeviceSettings } from './device-settings';
import type { DevicesService } from './devices/devices-service';
import type { Directory } from './directory/directory';
import type { EventBus } from './events';
import type { Logger } from './logger';
import type { DocStore } from './sync/doc-store';

/** Everything a handler may use. Built by the engine; rebuilt after a restore. */
export interface EngineContext {
  dataDir: string;
  dbFile: string;
  sqlite: Sqlite;
  db: Kysely<Database>;
  q: SyncQuery;
  docs: DocStore;
  directory: Directory;
  deviceSettings: DeviceSettings;
  audit: AuditWriter;
  sessions: Sessions;
  events: EventBus;
  log: Logger;
  now: () => number;
  identity: () => DeviceIdentity | null;
  setIdentity: (identity: DeviceIdentity) => void;
  options: EngineTuning;
  /** The devices being watched (USB, serial, or the demo's simulators); null when the engine watches none. */
  devices: () => DevicesService | null;
  /**
   * Closes the database, swaps in another file, reopens (backup restore); returns the new context.
   * The devices stop first; `afterReopen` runs on the new context before they start again.
   */
  replaceDatabase: (replace: () => void, afterReopen?: (ctx: EngineContext) => void) => Promise<EngineContext>;
}

export interface EngineTuning {
  /** Base of the sign-in slow-down; tests shorten it. */
  signInDelayBaseMs: number;
  /** scrypt cost; tests lower it. */
  passwordCost?: { N: number; r: number; p: number };
  compactAfterUpdates: number;
}

/** One call being served: the engine, the caller's session, and the audit helpers. */
export interface CallContext {
  ctx: EngineContext;
  session: Session | null;
  /** The caller as the audit log names them. */
  actor(): AuditActor;
  /** Runs `write` and appends the audit entry in one SQLite transaction. */
  commit<T>(draft: AuditDraft, write: () => T): T;
  /** An audit entry with no data change (sign-in failure, export). */
  audit(draft: AuditDraft, actor?: AuditActor): void;
}
