// One loaded document and the connections sharing it. Every update passes through one queue per
// document: checked, stored, then applied and relayed, so what a client sees has been stored and
// two updates to a log document are checked against each other's result, never side by side.
import * as awarenessProtocol from 'y-protocols/awareness';
import * as syncProtocol from 'y-protocols/sync';
import * as encoding from 'lib0/encoding';
import * as Y from 'yjs';
import { decodeAuditBatch } from '../../domain/audit/audit-batch';
import type { AuditEntry } from '../../domain/audit/entry';
import type { ParsedDocName } from '../../domain/sync/doc-names';
import { BATCH_KIND, FACT_BATCHES_MAP, batchKind } from '../../domain/sync/fact-batch';
import { witnessAuditEntries, type AuditAlert } from '../audit/audit-witness';
import type { HubMetrics, RefusalReason } from '../http/metrics';
import type { HubDatabase } from '../storage/database';
import { compactDocument, loadUpdates } from '../storage/doc-store';
import type { GroupAppender } from '../storage/group-append';
import type { UpdateSealer } from '../storage/update-sealer';
import { withTenant } from '../storage/tenant-scope';
import { isProjected, projectFactBatches, touchLocation } from '../projections/project-facts';
import { noteOpsChanges, opsProjectionMark, projectOpsRecords, PROJECTED_OPS_MAPS, sameMark, type OpsChanges } from '../projections/project-ops';
import { batchesAfter, readProjectedMark, readProjectedState, recordProjectedState, type StateVector } from '../projections/projected-state';
import { flagTransferConflicts } from '../projections/transfer-conflicts';
import { transferNoticesOf, type OutgoingNotice } from '../projections/transfer-notices';
import { refusalOfDirectoryUpdate } from './directory-guard';
import { refusalOfLogUpdate, UNREADABLE } from './log-guard';

export const MESSAGE_SYNC = 0;
export const MESSAGE_AWARENESS = 1;
/** How often a document's traffic refreshes its location's last-synced time, at most. */
const TOUCH_EVERY_MS = 5_000;

export interface RoomPeer {
  send(message: Uint8Array): void;
}

export interface RoomOptions {
  db: HubDatabase;
  /** Stores updates, several documents' in one transaction when they arrive together. */
  appender: GroupAppender;
  /** Seals the credentials documents' updates at rest (the appender seals with the same one). */
  sealer: UpdateSealer;
  metrics: HubMetrics;
  /** Stored updates past which the document is compacted into one snapshot. */
  compactAfter: number;
  onError(error: unknown, context: string): void;
  onAuditAlert(alert: AuditAlert): void;
  /** Transfer movements a location's log just got, to copy into the other ends' ops documents (not awaited: that is another room's queue). */
  onTransferNotices?(tenantId: string, notices: OutgoingNotice[]): void;
  nowMs(): number;
  /** After a change to a directory document is stored and applied: who may hold what can have changed. */
  onDirectoryChanged?(tenantId: string, directory: Y.Doc): void;
  /** Tests only: runs where projecting starts; throwing here is a hub that died after storing an update and before projecting it. */
  beforeProjecting?(docName: string): void;
  /**
   * When each location's last-synced time was last written ("tenant/location" → ms), shared by
   * every room: a location's hundred documents refresh it once every few seconds between them,
   * not once each (that was a fifth of the hub's storage transactions under steady traffic).
   */
  locationTouches?: Map<string, number>;
}

/** The author of the hub's own changes to a document: no connection, so every device hears them. */
const HUB_AUTHOR: RoomPeer = { send() {} };

export type UpdateVerdict = { stored: true } | { stored: false; reason: RefusalReason; sentence: string };

export class DocRoom {
  readonly doc = new Y.Doc();
  readonly awareness = new awarenessProtocol.Awareness(this.doc);
  /** Each peer with the awareness client ids it announced, removed when it leaves. */
  readonly peers = new Map<RoomPeer, Set<number>>();
  private queue: Promise<unknown> = Promise.resolve();
  private storedUpdates = 0;
  private compaction: Promise<void> | null = null;
  /** Audit entries of the batches the update being applied added (log documents only). */
  private arrivingAudit: AuditEntry[] = [];
  /** Batches the update being applied added (log documents only), for the projections. */
  private arrivingBatches: Uint8Array[] = [];
  /** Log documents: the state vector projected so far, and whether a projection since failed (rows are missing). */
  private projected: StateVector = new Map();
  private projectionBehind = false;
  /** Ops documents: the records changed since the last projection, and whether one failed (then every record is projected again). */
  private arrivingOps: OpsChanges = new Map();
  private opsBehind = false;
  /** The hub's own Yjs client for this document while it is loaded (see `write`). */
  private author: Y.Doc | null = null;
  private readonly locationTouches: Map<string, number>;

  constructor(
    readonly name: string,
    readonly parsed: ParsedDocName,
    private readonly options: RoomOptions,
  ) {
    this.locationTouches = options.locationTouches ?? new Map();
    this.awareness.setLocalState(null);
    this.doc.on('update', (update: Uint8Array, origin: unknown) => this.relay(update, origin));
    if (parsed.kind === 'log') {
      this.doc.getMap<Uint8Array>(FACT_BATCHES_MAP).observe((event, transaction) => {
        if (transaction.origin === 'storage') return;
        for (const [key, change] of event.changes.keys) {
          const batch = change.action === 'add' ? event.target.get(key) : undefined;
          if (!(batch instanceof Uint8Array)) continue;
          this.arrivingBatches.push(batch);
          if (batchKind(batch) !== BATCH_KIND.audit) continue;
          try {
            this.arrivingAudit.push(...decodeAuditBatch(batch));
          } catch {
            // A malformed audit batch is in no device's chain; the desktop's verify reports it.
          }
        }
      });
    }
    if (parsed.kind === 'ops') {
      for (const map of PROJECTED_OPS_MAPS) {
        this.doc.getMap(map).observeDeep((events, transaction) => {
          if (transaction.origin !== 'storage') noteOpsChanges(this.arrivingOps, map, events);
        });
      }
    }
    this.awareness.on('update', ({ added, updated, removed }: AwarenessChange, origin: unknown) => {
      const changed = [...added, ...updated, ...removed];
      const ids = this.peers.get(origin as RoomPeer);
      if (ids) {
        for (const id of [...added, ...updated]) ids.add(id);
        for (const id of removed) ids.delete(id);
      }
      const message = encoding.createEncoder();
      encoding.writeVarUint(message, MESSAGE_AWARENESS);
      encoding.writeVarUint8Array(message, awarenessProtocol.encodeAwarenessUpdate(this.awareness, changed));
      this.broadcast(encoding.toUint8Array(message), null);
    });
  }

  async load(): Promise<void> {
    const updates = await loadUpdates(this.options.db, this.parsed.tenantId, this.name, this.options.sealer);
    Y.transact(this.doc, () => updates.forEach((update) => Y.applyUpdate(this.doc, update)), 'storage');
    this.storedUpdates = updates.length;
    if (this.parsed.kind === 'ops') {
      // Changed since its projection last committed (the hub died in between, or it predates migration 010): every record again.
      const mark = await readProjectedMark(this.options.db, this.parsed.tenantId, this.name);
      this.opsBehind = !sameMark(mark, opsProjectionMark(this.doc));
      if (this.opsBehind) await this.project({ catchingUp: true });
      return;
    }
    if (this.parsed.kind !== 'log') return;
    // Updates stored but never projected (the hub died in between): projected now, before anyone is served.
    this.projected = await readProjectedState(this.options.db, this.parsed.tenantId, this.name);
    this.arrivingBatches = batchesAfter(this.doc, this.projected);
    if (this.arrivingBatches.length > 0) await this.project();
  }

  /**
   * Checks, stores, then applies and relays one update; resolves once that is done or refused.
   * `directoryScope`: the location a directory update's sender is confined to (not the main PC).
   */
  accept(update: Uint8Array, from: RoomPeer, directoryScope: string | null = null): Promise<UpdateVerdict> {
    const run = this.queue.then(() => this.store(update, from, directoryScope));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /**
   * A change the hub itself makes (`change` says whether it changed anything), in the same queue
   * as devices' updates: stored, then applied and relayed to every connection.
   */
  write(change: (doc: Y.Doc) => boolean): Promise<UpdateVerdict | null> {
    const run = this.queue.then(() => {
      const author = (this.author ??= new Y.Doc());
      Y.applyUpdate(author, Y.encodeStateAsUpdate(this.doc, Y.encodeStateVector(author)));
      const before = Y.encodeStateVector(author);
      let changed = false;
      author.transact(() => (changed = change(author)));
      return changed ? this.store(Y.encodeStateAsUpdate(author, before), HUB_AUTHOR) : null;
    });
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Resolves when every accepted update is in the database and any compaction has finished. */
  async settled(): Promise<void> {
    await this.queue;
    await this.options.appender.storedAll(this.name);
    await this.compaction;
  }

  /**
   * Whether `peer` may announce presence for `clientId`: one of its own ids, or one no other
   * connection announced. A device cannot change or remove another device's presence.
   */
  ownsAwareness(peer: RoomPeer, clientId: number): boolean {
    for (const [other, ids] of this.peers) if (other !== peer && ids.has(clientId)) return false;
    return true;
  }

  leave(peer: RoomPeer): void {
    const ids = this.peers.get(peer);
    this.peers.delete(peer);
    if (ids && ids.size > 0) awarenessProtocol.removeAwarenessStates(this.awareness, [...ids], null);
  }

  private async store(update: Uint8Array, from: RoomPeer, directoryScope: string | null = null): Promise<UpdateVerdict> {
    // Checked before it is stored: an update Yjs cannot read would make the document unloadable.
    // A log document's check reads the update itself (once), and says so when it cannot.
    if (this.parsed.kind === 'log') {
      const refusal = refusalOfLogUpdate(this.doc, update);
      if (refusal === UNREADABLE) return { stored: false, reason: 'unreadable', sentence: refusal };
      if (refusal) return { stored: false, reason: 'log_rewrite', sentence: refusal };
    } else if (!isReadableUpdate(update)) return { stored: false, reason: 'unreadable', sentence: UNREADABLE };
    if (this.parsed.kind === 'directory') {
      const refusal = refusalOfDirectoryUpdate(this.doc, update, directoryScope);
      if (refusal) return { stored: false, reason: 'directory_invalid', sentence: refusal };
    }
    const stopTimer = this.options.metrics.persistSeconds.startTimer();
    await this.options.appender.append(this.parsed.tenantId, this.name, update);
    stopTimer();
    this.options.metrics.updatesIn.inc();
    this.storedUpdates++;
    Y.applyUpdate(this.doc, update, from);
    if (this.parsed.kind === 'directory') this.options.onDirectoryChanged?.(this.parsed.tenantId, this.doc);
    await this.witnessAudit();
    // The hub's own changes are no news from the location: its last-synced time stays as it was.
    if (from !== HUB_AUTHOR) await this.project();
    if (this.storedUpdates >= this.options.compactAfter && !this.compaction) this.compact();
    return { stored: true };
  }

  private async witnessAudit(): Promise<void> {
    if (this.parsed.kind !== 'log' || this.arrivingAudit.length === 0) return;
    const entries = this.arrivingAudit;
    this.arrivingAudit = [];
    try {
      const alerts = await witnessAuditEntries(this.options.db, this.parsed.tenantId, this.parsed.locationId, entries, this.options.nowMs());
      alerts.forEach((alert) => this.options.onAuditAlert(alert));
    } catch (error) {
      // The update is stored and relayed already; only the witness record is missing.
      this.options.onError(error, `audit witness of ${this.name}`);
    }
  }

  /** The new facts into the hub's tables, and the location's last-synced time (not when only catching up on what it stored). */
  private async project({ catchingUp = false } = {}): Promise<void> {
    // After a failed projection, everything since the last one that committed: those rows are missing too.
    const arriving = this.projectionBehind ? batchesAfter(this.doc, this.projected) : this.arrivingBatches;
    const batches = arriving.filter(isProjected);
    this.arrivingBatches = [];
    const doc = this.parsed;
    if (doc.kind === 'directory' || doc.kind === 'credentials') return;
    const nowMs = this.options.nowMs();
    // "Last synced" is read in minutes; one write a few seconds per location keeps it off the path of every update.
    const location = `${doc.tenantId}/${doc.locationId}`;
    const touch = !catchingUp && nowMs - (this.locationTouches.get(location) ?? -Infinity) >= TOUCH_EVERY_MS;
    if (touch) this.locationTouches.set(location, nowMs);
    const opsChanges = this.opsBehind ? null : this.arrivingOps;
    this.arrivingOps = new Map();
    const projectingOps = doc.kind === 'ops' && (opsChanges === null || [...opsChanges.values()].some((keys) => keys.size > 0));
    if (!touch && batches.length === 0 && !projectingOps) return;
    try {
      this.options.beforeProjecting?.(this.name);
      const projecting = doc.kind === 'log' && batches.length > 0;
      const upTo = Y.encodeStateVector(this.doc);
      const opsMark = projectingOps ? opsProjectionMark(this.doc) : null;
      const { skips, notices, opsSkips } = await withTenant(this.options.db, doc.tenantId, async (trx) => {
        const opsSkipped = doc.kind === 'ops' && opsMark ? await projectOpsRecords(trx, doc, this.name, this.doc, opsChanges) : [];
        if (opsMark) await recordProjectedState(trx, doc.tenantId, this.name, opsMark);
        const skipped = projecting ? await projectFactBatches(trx, doc, this.name, batches) : [];
        const outgoing = projecting && this.options.onTransferNotices ? await transferNoticesOf(trx, doc, batches) : [];
        if (projecting) await flagTransferConflicts(trx, doc, batches, nowMs);
        if (projecting) await recordProjectedState(trx, doc.tenantId, this.name, upTo);
        if (touch) await touchLocation(trx, doc.tenantId, doc.locationId, nowMs);
        return { skips: skipped, notices: outgoing, opsSkips: opsSkipped };
      });
      if (projecting) {
        this.projected = Y.decodeStateVector(upTo);
        this.projectionBehind = false;
      }
      if (opsMark) this.opsBehind = false;
      for (const skip of opsSkips) this.options.onError(new Error(`the ${skip.map} record ${skip.key} was not projected: ${skip.reason}`), `projection of ${this.name}`);
      if (notices.length > 0) this.options.onTransferNotices?.(doc.tenantId, notices);
      for (const skip of skips) this.options.onError(new Error(`a batch of kind ${skip.kind} was not projected: ${skip.reason}`), `projection of ${this.name}`);
    } catch (error) {
      if (touch) this.locationTouches.delete(location); // the next update tries again
      // The update is stored and relayed already; its rows are missing until the next projection (or load) catches up.
      if (doc.kind === 'log') this.projectionBehind = true;
      if (doc.kind === 'ops' && projectingOps) this.opsBehind = true;
      this.options.onError(error, `projection of ${this.name}`);
    }
  }

  private compact(): void {
    // The rows of every update counted so far (a journaled one is written to the database just after).
    this.compaction = this.options.appender
      .storedAll(this.name)
      .then(() => compactDocument(this.options.db, this.parsed.tenantId, this.name, this.options.sealer))
      .then((merged) => {
        if (merged > 0) this.storedUpdates -= merged - 1;
      })
      .catch((error) => this.options.onError(error, `compaction of ${this.name}`))
      .finally(() => (this.compaction = null));
  }

  private relay(update: Uint8Array, origin: unknown): void {
    if (origin === 'storage') return;
    const message = encoding.createEncoder();
    encoding.writeVarUint(message, MESSAGE_SYNC);
    syncProtocol.writeUpdate(message, update);
    this.broadcast(encoding.toUint8Array(message), origin as RoomPeer);
  }

  private broadcast(message: Uint8Array, except: RoomPeer | null): void {
    let sent = 0;
    for (const peer of this.peers.keys()) {
      if (peer === except) continue;
      peer.send(message);
      sent += 1;
    }
    if (sent > 0 && message[0] === MESSAGE_SYNC) this.options.metrics.updatesOut.inc(sent);
  }
}

function isReadableUpdate(update: Uint8Array): boolean {
  try {
    Y.decodeUpdate(update);
    return true;
  } catch {
    return false;
  }
}

interface AwarenessChange {
  added: number[];
  updated: number[];
  removed: number[];
}
