// The engine's link to its hub: every document this PC holds for its organization and location
// (the directory, written in full by the organization's main PC and within their location by
// the others, see directory-scope.ts; the sign-in secrets of the users granted this
// location; the location's ops document; its monthly log documents) kept in sync
// over one WebSocket each, reconnecting with backoff, and a status that says only what the hub has
// confirmed. Idle until the PC is enrolled (Settings → Connect to hub). A regional office PC also
// links, read-only, the ops and log documents of the locations its enrollment lets it read: their
// projections fill the same SQL tables, so the roll-up and those locations' screens see them.
import type { SyncStatus } from '../../../domain/contract/sync';
import { credentialsDocName, directoryDocName, logDocName, opsDocName, parseDocName } from '../../../domain/sync/doc-names';
import { reconnectDelayMs } from '../../../domain/sync/reconnect-backoff';
import type { EngineContext } from '../context';
import type { FeatureService } from '../feature-module';
import { SecretUnreadableError } from '../secrets/secret-box';
import { tokenRefreshDue } from '../../../domain/sync/token-refresh';
import { scopedDirectoryCheck } from './directory-scope';
import { openToken, readEnrollment, refreshAtHub, wsBaseOf, writeEnrollment, type StoredEnrollment } from './enrollment';
import { HubLink, type LinkLoss } from './hub-link';
import { keepsSecrets, removeWithdrawnSecrets, storedCredentialsUsers } from './withdrawn-secrets';
import { CLOSE_CREDENTIALS_WITHDRAWN } from '../../../domain/sync/close-codes';
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
const HEARD_KEY = 'sync.locationHeardAtMs';

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
  /** Per location: when the hub last brought this PC that location's documents (first sync or a change). */
  private heardAtMs = new Map<string, number>();
  private readonly listeners = new Set<(status: SyncStatus) => void>();
  private stopWatchingDocs: (() => void) | null = null;
  private stopGuarding: (() => void) | null = null;
  private stopWatchingUsers: (() => void) | null = null;
  private withdrawQueued = false;
  private progressQueued = false;
  private refreshingToken = false;
  /**
   * Credentials documents the hub refused (its directory does not grant the user this location, or
   * not yet): each with what the hub had confirmed of the directory when the link opened. Asked
   * again once that changes, not in a loop.
   */
  private readonly refusedCredentials = new Map<string, string>();
  /**
   * Why the hub refused this PC's directory changes (a change it could not foresee, such as a user
   * edited here offline while the main PC granted them another location): the directory is then
   * only read, so the refusal does not come back on every reconnect and keep the PC offline.
   */
  private directoryRefusal: string | null = null;
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
    this.stopGuarding?.();
    this.stopGuarding = ctx.docs.guardWrites({
      refusal: (name) => this.readOnlyReason(enrollment, name),
      check: (name) => (enrollment.canWriteDirectory !== true && parseDocName(name)?.kind === 'directory' ? scopedDirectoryCheck(enrollment.locationId) : null),
    });
    this.hubHas = new Map(Object.entries(ctx.stationSettings.get<Record<string, string>>(HUB_HAS_KEY, {})).map(([doc, sv]) => [doc, decodeStateVectorText(sv)]));
    this.lastSyncedAtMs = ctx.stationSettings.get<number | null>(LAST_SYNCED_KEY, null);
    this.heardAtMs = new Map(Object.entries(ctx.stationSettings.get<Record<string, number>>(HEARD_KEY, {})));
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
      if (parseDocName(name)?.kind === 'log' && this.isHome(name)) queueMicrotask(() => this.listMonth(name));
      if ((this.state === 'connecting' || this.state === 'connected') && !this.links.has(name)) this.link(name);
    });
    // A directory change can take a user's grant of this location away: their secrets leave this PC.
    this.stopWatchingUsers = ctx.events.listen((topic, payload) => {
      if (topic === 'data.changed' && (payload as { kinds: string[] }).kinds.includes('users')) this.queueWithdraw();
    });
    this.withdraw();
    this.linkAll();
  }

  disconnect(): void {
    this.halt();
    const ctx = this.context();
    ctx.stationSettings.set(HUB_HAS_KEY, {});
    ctx.stationSettings.set(LAST_SYNCED_KEY, null);
    ctx.stationSettings.set(HEARD_KEY, {});
    this.hubHas.clear();
    this.heardAtMs.clear();
    this.lastSyncedAtMs = null;
    this.offlineSinceMs = null;
    this.lastError = null;
    this.directoryRefusal = null;
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
      readLocationIds: enrollment ? this.readLocationIds(enrollment) : [],
      refusedDirectoryChanges: enrollment ? this.directoryRefusal : null,
    };
  }

  /** When the hub last brought this PC a location's documents; null when never (or not linked). */
  locationHeardAtMs(locationId: string): number | null {
    return this.heardAtMs.get(locationId) ?? null;
  }

  /** Why this PC may not change a document: it belongs to a location it only reads. */
  private readOnlyReason(enrollment: StoredEnrollment, name: string): string | null {
    const doc = parseDocName(name);
    if (!doc || doc.kind === 'directory' || doc.kind === 'credentials' || doc.tenantId !== enrollment.tenantId || doc.locationId === enrollment.locationId) return null;
    if (!this.readLocationIds(enrollment).includes(doc.locationId)) return null;
    const location = this.context().directory.location(doc.locationId)?.name ?? 'that location';
    return `This PC only reads ${location}'s records through the hub; it cannot send them changes. Record this on a PC at ${location}.`;
  }

  /** The locations besides its own whose documents this PC's enrollment lets it read. */
  private readLocationIds(enrollment: StoredEnrollment): string[] {
    const ids = enrollment.readsAllLocations ? this.context().directory.locations().map((l) => l.id) : (enrollment.readLocationIds ?? []);
    return ids.filter((id) => id !== enrollment.locationId);
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

  /** The credentials documents to keep in sync, by the directory as this PC has it, and those the main PC hands in. */
  private credentialTargets(): string[] {
    const { tenantId, locationId } = this.linking!.enrollment;
    const mark = this.directoryMark();
    const users = this.context().directory.users(true);
    const kept = users
      .filter((u) => keepsSecrets(u, locationId))
      .map((u) => credentialsDocName(tenantId, u.id))
      .filter((name) => this.refusedCredentials.get(name) !== mark);
    return [...kept, ...this.secretsToHandIn(users)];
  }

  /**
   * The organization's main PC creates users of every location and resets their passwords: the
   * secrets it wrote for a user not granted this PC's location go to the hub (which takes them
   * without showing this PC any), and then leave this PC (see withdraw).
   */
  private secretsToHandIn(users = this.context().directory.users(true)): string[] {
    const { tenantId, locationId, canWriteDirectory } = this.linking!.enrollment;
    if (canWriteDirectory !== true) return [];
    // Runs at every link's progress: one range query on the stored documents, not a scan of them all.
    const ctx = this.context();
    const stored = new Set(storedCredentialsUsers(ctx, tenantId));
    if (stored.size === 0) return [];
    return users
      .filter((u) => stored.has(u.id) && !keepsSecrets(u, locationId))
      .map((u) => credentialsDocName(tenantId, u.id))
      .filter((name) => !this.hubHoldsAllOf(name));
  }

  private hubHoldsAllOf(name: string): boolean {
    return itemsAhead(stateVectorOf(this.context().docs.get(name)), this.hubHas.get(name) ?? new Map()) === 0;
  }

  /**
   * The documents to keep in sync: the directory, the users' credentials, the location's ops
   * document and its log months; for a regional office PC also each read location's ops document
   * and the log months it lists.
   */
  private targets(): string[] {
    const { tenantId, locationId } = this.linking!.enrollment;
    const ctx = this.context();
    const logs = new Set([...ctx.docs.storedNames(), ...ctx.docs.loadedNames()].filter((name) => this.isOurs(name) && parseDocName(name)?.kind === 'log'));
    logs.add(logDocName(tenantId, locationId, ctx.now()));
    for (const name of logs) if (this.isHome(name)) this.listMonth(name);
    for (const name of this.listedMonths()) logs.add(name);
    const readOps = this.readLocationIds(this.linking!.enrollment).map((id) => opsDocName(tenantId, id));
    return [directoryDocName(tenantId), ...this.credentialTargets(), opsDocName(tenantId, locationId), ...readOps, ...[...logs].sort()];
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

  /** The log documents listed by the ops documents of this PC's location and of those it reads. */
  private listedMonths(): string[] {
    if (!this.linking) return [];
    const { enrollment } = this.linking;
    const { tenantId } = enrollment;
    return [enrollment.locationId, ...this.readLocationIds(enrollment)].flatMap((locationId) => {
      const months = [...this.context().docs.get(opsDocName(tenantId, locationId)).getMap(LOG_MONTHS_MAP).keys()];
      return months.filter((m) => /^\d{4}-(0[1-9]|1[0-2])$/.test(m)).map((m) => `${tenantId}/${locationId}/log/${m}`);
    });
  }

  private isOurs(name: string): boolean {
    const doc = parseDocName(name);
    const enrollment = this.linking?.enrollment;
    if (!doc || !enrollment || doc.tenantId !== enrollment.tenantId) return false;
    if (doc.kind === 'credentials') return this.keepsSecretsOf(doc.userId);
    return doc.kind === 'directory' || doc.locationId === enrollment.locationId || this.readLocationIds(enrollment).includes(doc.locationId);
  }

  /** A document of this PC's own location: the only location documents it writes to the hub. */
  private isHome(name: string): boolean {
    const doc = parseDocName(name);
    const enrollment = this.linking?.enrollment;
    return !!doc && !!enrollment && doc.kind !== 'directory' && doc.kind !== 'credentials' && doc.tenantId === enrollment.tenantId && doc.locationId === enrollment.locationId;
  }

  private writableNames(): string[] {
    const enrollment = this.linking?.enrollment ?? readEnrollment(this.context());
    if (!enrollment) return [];
    const ctx = this.context();
    return [...new Set([...ctx.docs.storedNames(), ...ctx.docs.loadedNames()])].filter((name) => {
      const doc = parseDocName(name);
      if (!doc || doc.tenantId !== enrollment.tenantId) return false;
      if (doc.kind === 'directory') return this.directoryRefusal === null;
      if (doc.kind === 'credentials') return this.keepsSecretsOf(doc.userId) || enrollment.canWriteDirectory === true;
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
    // Listing a month can open the ops document, whose opening links it: a second link would be orphaned, still connected.
    if (this.links.has(name)) return;
    const { wsBase, token } = this.linking!;
    let hubHas = this.hubHas.get(name);
    if (!hubHas) this.hubHas.set(name, (hubHas = new Map()));
    const kind = parseDocName(name)?.kind;
    if (kind === 'credentials') this.linkedAtDirectory.set(name, this.directoryMark());
    const link = new HubLink({
      wsBase,
      token,
      docName: name,
      docs: this.context().docs,
      writable: kind === 'directory' ? this.directoryRefusal === null : kind === 'credentials' || this.isHome(name),
      hubHas,
      onProgress: () => {
        const doc = parseDocName(name);
        if (doc && doc.kind !== 'directory' && doc.kind !== 'credentials' && link.synced) this.heardAtMs.set(doc.locationId, this.context().now());
        // Secrets handed in for another location's user leave this PC once the hub has them.
        if (doc?.kind === 'credentials' && !this.keepsSecretsOf(doc.userId) && this.hubHoldsAllOf(name)) this.queueWithdraw();
        this.progress();
      },
      onLost: (loss) => {
        if (kind === 'credentials' && (loss.status === 403 || loss.code === CLOSE_CREDENTIALS_WITHDRAWN)) this.credentialsRefused(name);
        else if (kind === 'directory' && isRefusedChange(loss) && this.directoryRefusal === null) this.directoryRefused(name, loss.sentence);
        else this.lost(loss);
      },
      log: this.context().log,
    });
    this.links.set(name, link);
    link.open();
  }

  /** After the change that told of it has committed (projections run inside the write transaction). */
  private queueWithdraw(): void {
    if (this.withdrawQueued) return;
    this.withdrawQueued = true;
    queueMicrotask(() => {
      this.withdrawQueued = false;
      if (this.linking) this.withdraw();
    });
  }

  /** Drops the links to, and the stored copies of, the secrets of users no longer granted here. */
  private withdraw(): void {
    const { locationId } = this.linking!.enrollment;
    const ctx = this.context();
    const handingIn = new Set(this.secretsToHandIn());
    const withdrawn = ctx
      .directory.users(true)
      .filter((u) => !keepsSecrets(u, locationId))
      .map((u) => credentialsDocName(this.linking!.enrollment.tenantId, u.id))
      .filter((name) => !handingIn.has(name));
    for (const name of withdrawn) {
      this.links.get(name)?.close();
      this.links.delete(name);
    }
    for (const name of removeWithdrawnSecrets(ctx, locationId, (name) => this.hubHoldsAllOf(name))) {
      this.hubHas.delete(name);
      this.refusedCredentials.delete(name);
      this.linkedAtDirectory.delete(name);
    }
  }

  /** The hub keeps this user's secrets from this PC: the rest of the link carries on. */
  private credentialsRefused(name: string): void {
    this.links.get(name)?.close();
    this.links.delete(name);
    this.refusedCredentials.set(name, this.linkedAtDirectory.get(name) ?? this.directoryMark());
    this.context().log.info({ doc: name }, 'the hub keeps these sign-in secrets from this PC (not granted here, or not yet)');
    this.progress();
  }

  /** The hub would not take this PC's directory changes: they stay here, said in the status; the directory is read from now on. */
  private directoryRefused(name: string, sentence: string): void {
    this.links.get(name)?.close();
    this.links.delete(name);
    this.directoryRefusal = sentence;
    this.context().log.warn({ doc: name, sentence }, 'the hub refused this PC’s directory changes; the directory is only read from now on');
    this.link(name);
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
      this.refreshTokenIfDue();
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
    this.lastError = revoked ? 'The hub no longer accepts this PC’s token (expired or revoked?). Disconnect and enroll again.' : loss.sentence;
    this.context().log.info({ loss, failures: this.failures }, 'hub link lost');
    this.retry = this.scheduler.set(() => {
      this.retry = null;
      if (this.linking) this.linkAll();
    }, reconnectDelayMs(this.failures));
    this.failures += 1;
    this.persist();
    this.notify();
  }

  /**
   * Trades the token for a fresh one when it is due, while the hub is reachable. Open links keep
   * the token they connected with (the hub checks it at connect); the next ones use the new one.
   */
  private refreshTokenIfDue(): void {
    const linking = this.linking;
    if (!linking || this.refreshingToken || !tokenRefreshDue(linking.enrollment, this.context().now())) return;
    this.refreshingToken = true;
    refreshAtHub(linking.enrollment.hubUrl, linking.token)
      .then((fresh) => {
        const ctx = this.context();
        const stored = readEnrollment(ctx);
        // Kept even if the service stopped meanwhile: the hub accepts the old token for a day only.
        if (!stored || stored.enrolledAtMs !== linking.enrollment.enrolledAtMs || stored.hubUrl !== linking.enrollment.hubUrl) return;
        const { sealedToken: _replaced, ...rest } = stored;
        writeEnrollment(ctx, { ...rest, token: fresh.token, tokenExpiresAtMs: fresh.expiresAtMs });
        if (this.linking === linking) this.linking = { ...linking, enrollment: readEnrollment(ctx)!, token: fresh.token };
        ctx.log.info({ expiresAtMs: fresh.expiresAtMs }, 'hub token refreshed');
        this.notify();
      })
      .catch((err: unknown) => this.context().log.warn({ err }, 'hub token refresh failed; it is tried again at the next connection'))
      .finally(() => {
        this.refreshingToken = false;
      });
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
    this.stopGuarding?.();
    this.stopGuarding = null;
    this.stopWatchingUsers?.();
    this.stopWatchingUsers = null;
    this.linking = null;
  }

  private persist(): void {
    if (!this.linking) return;
    const ctx = this.context();
    ctx.stationSettings.set(HUB_HAS_KEY, Object.fromEntries([...this.hubHas].map(([doc, sv]) => [doc, encodeStateVectorText(sv)])));
    ctx.stationSettings.set(LAST_SYNCED_KEY, this.lastSyncedAtMs);
    ctx.stationSettings.set(HEARD_KEY, Object.fromEntries(this.heardAtMs));
  }

  private notify(): void {
    this.context().events.emit('data.changed', { kinds: ['sync'] });
    if (this.listeners.size === 0) return;
    const status = this.status();
    for (const listener of this.listeners) listener(status);
  }
}

/** The hub closed the link over a change it refuses (policy), not over the token. */
function isRefusedChange(loss: LinkLoss): boolean {
  return loss.code === 1008 && !/revoked/i.test(loss.sentence);
}
