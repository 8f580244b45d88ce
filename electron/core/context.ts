import type { AuditDraft } from '../../domain/audit/entry';
import type { OpsFlowError } from '../../domain/errors';
import type { AuditActor, AuditWriter } from './audit/audit-writer';
import type { Session, Sessions } from './auth/sessions';
import type { DevicesPort } from './devices/devices-port';
import type { Directory } from './directory/directory';
import type { EventBus } from './events';
import type { SecretBox } from './secrets/secret-box';
import type { StationIdentity } from './station/identity';
import type { StationSettings } from './station/station-settings';
import type { Store } from './store';
import type { SyncPort } from './sync/sync-port';

/** What handlers may use: the store, and the engine's other parts. Built by the engine; rebuilt after a restore. */
export interface EngineContext extends Store {
  dataDir: string;
  dbFile: string;
  directory: Directory;
  stationSettings: StationSettings;
  /** Seals secrets kept at rest (TOTP secrets) with this PC's key. */
  secrets: SecretBox;
  audit: AuditWriter;
  sessions: Sessions;
  events: EventBus;
  setIdentity: (identity: StationIdentity) => void;
  options: EngineTuning;
  /** Names of the migrations this build knows: a database or backup with another is from a newer OpsFlow. */
  knownMigrations: ReadonlySet<string>;
  /** The devices being watched (USB, serial, or the demo's simulators); null when the engine watches none. */
  devices: () => DevicesPort | null;
  /** The link to the hub; null when the engine was opened without it (sync: false). */
  sync: () => SyncPort | null;
  /**
   * Closes the database, swaps in another file, reopens (backup restore); returns the new context.
   * The running services stop first; `afterReopen` runs on the new context before they start again.
   * `swap` returns how to undo itself: if the reopen or `afterReopen` throws, the previous database
   * is put back and reopened (same sessions) before the error is thrown.
   */
  replaceDatabase: (swap: () => () => void, afterReopen?: (ctx: EngineContext) => void) => Promise<EngineContext>;
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
  /**
   * Refuses the call because what it names is beyond the caller's reach (a user, a sensor, this
   * PC's location, the organization's rules): a HIGH audit entry like the dispatcher's own
   * permission refusals ("Refused <method>: <why>"), then `error` goes back to the caller.
   */
  refuse(error: OpsFlowError, why: string, about?: Pick<AuditDraft, 'entityType' | 'entityId' | 'locationId'>): never;
}
