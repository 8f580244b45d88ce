// The engine's link to its hub: every document this PC holds for its organization and location
// (the directory, written only by the founding PC; the sign-in secrets of the users granted this
// location; the location's ops document; its monthly log documents) kept in sync
// over one WebSocket each, reconnecting with backoff, and a status that says only what the hub has
// confirmed. Idle until the PC is enrolled (Settings → Connect to hub).
import type { SyncStatus } from '../../../domain/contract/sync';
import { credentialsDocName, directoryDocName, logDocName, opsDocName, parseDocName } from '../../../domain/sync/doc-names';
import { reconnectDelayMs } from '../../../domain/sync/reconnect-backoff';
import type { EngineContext } from '../context';
import type { FeatureService } from '../feature-module';
import { SecretUnreadableError } from '../secrets/secret-box';
import { openToken, readEnrollment, wsBaseOf, type StoredEnrollment } from './enrollment';
import { HubLink, type LinkLoss } from './hub-link';
import type { SyncPort } from './sync-port';
import { decodeStateVectorText, encodeStateVectorText, itemsAhead, stateVectorOf, type StateVector } from './state-vector';

/** Timers of the reconnect backoff; tests pass one they fire by hand. */
export interface Scheduler {
  set(fn: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  set: (fn, ms) => setTimeout(fn, ms).unref(),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface SyncServiceOptions {
  scheduler?: Scheduler;
}


const HUB_HAS_KEY = 'sync.hubHas';
/**
 * The months a location's log documents exist for, kept in its ops document: the hub lists no
 * documents, so a PC learns from here of a month another PC started (and links it).
 */
export const LOG_MONTHS_MAP = 'logMonths';
const LAST_SYNCED_KEY = 'sync.lastSyncedAtMs';

/** The users whose sign-in secrets a PC of `locationId` holds: the hub decides the same (sync-server/sync/access.ts). */
function keepsSecrets(user: { role: string; locationIds: string[] }, locationId: string): boolean {
  return user.role === 'TENANT_ADMIN' || user.locationIds.includes(locationId);
}

interface Linking {
  enrollment: StoredEnrollment;
  wsBase: string;
  token: string;
}

export class SyncService implements FeatureService, SyncPort {
  private readonly links = new Map<string, HubLink>();
  private linking: Linking | null = null;
  private state: SyncStatus['state'] = 'standalone';
  private offlineSinceMs: number | null = null;
  private lastError: string | null = null;
  private failures = 0;
  private retry: unknown = null;
  private hubHas = new Map<string, StateVector>();
  private lastSyncedAtMs: number | null = null;
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private stopWatchingDocs: (() => void) | null = null;
  private progressQueued = false;
  /**
   * Credentials documents the hub refused (its directory does not grant the user this location, or
   * not yet): each with what the hub had confirmed of the directory when the link opened. Asked
   * again once that changes, not in a loop.
   */
  private readonly refusedCredentials = new Map<string, string>();
  private readonly linkedAtDirectory = new Map<string, string>();
  private readonly scheduler: Scheduler;

  constructor(
    private readonly context: () => EngineContext,
    options: SyncServiceOptions,
  ) {
    this.scheduler = options.scheduler ?? realScheduler;
  }

  start(): void {
    this.connect();
  }

  stop(): void {
    this.persist();
    this.halt();
    this.state = 'standalone';
  }

  connect(): void {
    const ctx = this.context();
    const enrollment = readEnrollment(ctx);
    if (!enrollment || this.linking) return;
    this.hubHas = new Map(Object.entries(ctx.stationSettings.get<Record<string, string>>(HUB_HAS_KEY, {})).map(([doc, sv]) => [doc, decodeStateVectorText(sv)]));
    this.lastSyncedAtMs = ctx.stationSettings.get<number | null>(LAST_SYNCED_KEY, null);
    this.offlineSinceMs = ctx.now();
    let token: string;
    try {
      token = openToken(ctx, enrollment);
    } catch (err) {
      if (!(err instanceof SecretUnreadableError)) throw err;
      this.state = 'offline';
      this.lastError = 'This PC’s hub token cannot be read (its key changed). Disconnect and enroll again.';
      this.notify();
      return;
    }
    this.linking = { enrollment, wsBase: wsBaseOf(enrollment.hubUrl), token };
    this.stopWatchingDocs = ctx.docs.onOpened((name) => {
      if (!this.isOurs(name)) return;
      // After the change that opened it has committed: the ops document is written in its own transaction.
      if (parseDocName(name)?.kind === 'log') queueMicrotask(() => this.listMonth(name));
      if ((this.state === 'connecting' || this.state === 'connected') && !this.links.has(name)) this.link(name);
    });
    this.linkAll();
  }

  disconnect(): void {
    this.halt();
    const ctx = this.context();
    ctx.stationSettings.set(HUB_HAS_KEY, {});
    ctx.stationSettings.set(LAST_SYNCED_KEY, null);
    this.hubHas.clear();
    this.lastSyncedAtMs = null;
    this.offlineSinceMs = null;
    this.lastError = null;
    this.state = 'standalone';
    this.notify();
  }

  onStatus(listener: (status: SyncStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  status(): SyncStatus {
    const ctx = this.context();
    const enrollment = this.linking?.enrollment ?? readEnrollment(ctx);
    const identity = ctx.identity();
    return {
      state: enrollment ? this.state : 'standalone',
      hubUrl: enrollment?.hubUrl ?? null,
      tenantId: identity?.tenantId ?? null,
      locationId: identity?.homeLocationId ?? null,
      enrolledAtMs: enrollment?.enrolledAtMs ?? null,
      offlineSinceMs: enrollment && this.state !== 'connected' ? this.offlineSinceMs : null,
      changesWaiting: enrollment ? this.changesWaiting() : 0,
      lastSyncedAtMs: enrollment ? this.lastSyncedAtMs : null,
      lastError: enrollment && this.state !== 'connected' ? this.lastError : null,
    };
  }

  /** What the hub has confirmed of the directory, as text to compare. */
  private directoryMark(): string {
    const { tenantId } = this.linking!.enrollment;
    return encodeStateVectorText(this.hubHas.get(directoryDocName(tenantId)) ?? new Map());
  }

  /** Whether this PC keeps `userId`'s sign-in secrets: the user is granted its location, or administers the organization. */
  private keepsSecretsOf(userId: string): boolean {
    const enrollment = this.linking?.enrollment ?? readEnrollment(this.context());
    const user = this.context().directory.user(userId);
    return !!enrollment && !!user && keepsSecrets(user, enrollment.locationId);
  }

  /** The credentials documents to keep in sync, by the directory as this PC has it. */
  private credentialTargets(): string[] {
    const { tenantId, locationId } = this.linking!.enrollment;
    const mark = this.directoryMark();
    return this.context()
      .directory.users(true)
      .filter((u) => keepsSecrets(u, locationId))
      .map((u) => credentialsDocName(tenantId, u.id))
      .filter((name) => this.refusedCredentials.get(name) !== mark);
  }

  /** The documents to keep in sync: the directory, the users' credentials, the location's ops document and its log months. */
  private targets(): string[] {
    const { tenantId, locationId } = this.linking!.enrollment;
    const ctx = this.context();
    const logs = new Set([...ctx.docs.storedNames(), ...ctx.docs.loadedNames()].filter((name) => this.isOurs(name) && parseDocName(name)?.kind === 'log'));
    logs.add(logDocName(tenantId, locationId, ctx.now()));
    for (const name of logs) this.listMonth(name);
    for (const name of this.listedMonths()) logs.add(name);
    return [directoryDocName(tenantId), ...this.credentialTargets(), opsDocName(tenantId, locationId), ...[...logs].sort()];
  }

  /** Notes a log document's month in the location's ops document, once. */
  private listMonth(logName: string): void {
    const doc = parseDocName(logName);
    if (!this.linking || doc?.kind !== 'log') return;
    const { tenantId, locationId } = this.linking.enrollment;
    const ops = opsDocName(tenantId, locationId);
    const docs = this.context().docs;
    if (docs.get(ops).getMap(LOG_MONTHS_MAP).has(doc.month)) return;
    docs.change(ops, (d) => d.getMap(LOG_MONTHS_MAP).set(doc.month, true));
  }

  /** The log documents the location's ops document lists. */
  private listedMonths(): string[] {
    if (!this.linking) return [];
    const { tenantId, locationId } = this.linking.enrollment;
    const months = [...this.context().docs.get(opsDocName(tenantId, locationId)).getMap(LOG_MONTHS_MAP).keys()];
    return months.filter((m) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m)).map((m) => `${tenantId}/${locationId}/log/${m}`);
  }

  private isOurs(name: string): boolean {
    const doc = parseDocName(name);
    const enrollment = this.linking?.enrollment;
    if (!doc || !enrollment || doc.tenantId !== enrollment.tenantId) return false;
    if (doc.kind === 'credentials') return this.keepsSecretsOf(doc.userId);
    return doc.kind === 'directory' || doc.locationId === enrollment.locationId;
  }

  private writableNames(): string[] {
    const enrollment = this.linking?.enrollment ?? readEnrollment(this.context());
    if (!enrollment) return [];
    const ctx = this.context();
    return [...new Set([...ctx.docs.storedNames(), ...ctx.docs.loadedNames()])].filter((name) => {
      const doc = parseDocName(name);
      if (!doc || doc.tenantId !== enrollment.tenantId) return false;
      if (doc.kind === 'directory') return enrollment.canWriteDirectory === true;
      if (doc.kind === 'credentials') return this.keepsSecretsOf(doc.userId);
      return doc.locationId === enrollment.locationId;
    });
  }

  private changesWaiting(): number {
    const ctx = this.context();
    let n = 0;
    for (const name of this.writableNames()) n += itemsAhead(stateVectorOf(ctx.docs.get(name)), this.hubHas.get(name) ?? new Map());
    return n;
  }

  private linkAll(): void {
    this.state = 'connecting';
    for (const name of this.targets()) this.link(name);
    this.notify();
  }

  private link(name: string): void {
    const { wsBase, token, enrollment } = this.linking!;
    let hubHas = this.hubHas.get(name);
    if (!hubHas) this.hubHas.set(name, (hubHas = new Map()));
    const kind = parseDocName(name)?.kind;
    if (kind === 'credentials') this.linkedAtDirectory.set(name, this.directoryMark());
    const link = new HubLink({
      wsBase,
      token,
      docName: name,
      docs: this.context().docs,
      writable: kind !== 'directory' || enrollment.canWriteDirectory === true,
      hubHas,
      onProgress: () => this.progress(),
      onLost: (loss) => (kind === 'credentials' && loss.status === 403 ? this.credentialsRefused(name) : this.lost(loss)),
      log: this.context().log,
    });
    this.links.set(name, link);
    link.open();
  }

  /** The hub keeps this user's secrets from this PC: the rest of the link carries on. */
  private credentialsRefused(name: string): void {
    this.links.get(name)?.close();
    this.links.delete(name);
    this.refusedCredentials.set(name, this.linkedAtDirectory.get(name) ?? this.directoryMark());
    this.context().log.info({ doc: name }, 'the hub keeps these sign-in secrets from this PC (not granted here, or not yet)');
    this.progress();
  }

  private progress(): void {
    if (this.state === 'connecting' || this.state === 'connected') {
      for (const name of this.listedMonths()) if (!this.links.has(name)) this.link(name);
      for (const name of this.credentialTargets()) if (!this.links.has(name)) this.link(name);
    }
    if (this.state === 'connecting' && [...this.links.values()].every((l) => l.synced)) {
      this.state = 'connected';
      this.failures = 0;
      this.lastError = null;
      this.offlineSinceMs = null;
    }
    if (this.progressQueued) return;
    this.progressQueued = true;
    queueMicrotask(() => {
      this.progressQueued = false;
      if (!this.linking) return;
      if (this.state === 'connected' && this.changesWaiting() === 0) this.lastSyncedAtMs = this.context().now();
      this.persist();
      this.notify();
    });
  }

  private lost(loss: LinkLoss): void {
    if (!this.linking) return;
    this.closeLinks();
    if (this.state !== 'offline') this.offlineSinceMs = this.state === 'connected' ? this.context().now() : (this.offlineSinceMs ?? this.context().now());
    this.state = 'offline';
    const revoked = loss.status === 401 || (loss.code === 1008 && /revoked/i.test(loss.sentence));
    this.lastError = revoked ? 'The hub no longer accepts this PC’s token (revoked?). Disconnect and enroll again.' : loss.sentence;
    this.context().log.info({ loss, failures: this.failures }, 'hub link lost');
    this.retry = this.scheduler.set(() => {
      this.retry = null;
      if (this.linking) this.linkAll();
    }, reconnectDelayMs(this.failures));
    this.failures += 1;
    this.persist();
    this.notify();
  }

  private closeLinks(): void {
    for (const link of this.links.values()) link.close();
    this.links.clear();
    this.refusedCredentials.clear();
    this.linkedAtDirectory.clear();
  }

  private halt(): void {
    this.closeLinks();
    if (this.retry !== null) this.scheduler.clear(this.retry);
    this.retry = null;
    this.stopWatchingDocs?.();
    this.stopWatchingDocs = null;
    this.linking = null;
  }

  private persist(): void {
    if (!this.linking) return;
    const ctx = this.context();
    ctx.stationSettings.set(HUB_HAS_KEY, Object.fromEntries([...this.hubHas].map(([doc, sv]) => [doc, encodeStateVectorText(sv)])));
    ctx.stationSettings.set(LAST_SYNCED_KEY, this.lastSyncedAtMs);
  }

  private notify(): void {
    this.context().events.emit('data.changed', { kinds: ['sync'] });
    if (this.listeners.size === 0) return;
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }
}
