import type { Kysely } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import { encodeAuditBatch } from '../../../domain/audit/audit-batch';
import { GENESIS_HASH, computeAuditHash } from '../../../domain/audit/chain';
import type { AuditDraft, AuditEntry } from '../../../domain/audit/entry';
import { logDocName } from '../../../domain/sync/doc-names';
import type { Database } from '../db/schema';
import type { SyncQuery } from '../db/sync-query';
import type { DocStore } from '../sync/doc-store';
import { sha256Hex } from './sha256';
import type { StationIdentity } from '../station/identity';
import { appendFactBatch } from '../sync/fact-batches';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text as it will be stored: half of a surrogate pair (a name typed or sent that way, or an emoji
 * cut by the summary's length limit) becomes U+FFFD, as SQLite and the batch's UTF-8 make it. An
 * entry hashed over the unpaired half could never verify against what is stored.
 */
function wellFormed<T extends string | null>(text: T): T {
  return (text === null ? null : text.replace(LONE_SURROGATE, '\ufffd')) as T;
}

export interface AuditActor {
  id: string | null;
  name: string;
}

/** What OpsFlow does by itself (a logger downloaded on plugging in, a sensor going offline). */
export const SYSTEM_ACTOR: AuditActor = { id: null, name: 'system' };


/**
 * Appends entries to this device's hash chain. Each entry is a fact: a content-addressed batch set
 * once into the month's log document of this device's location; the projection writes the row.
 */
export class AuditWriter {
  constructor(
    private readonly q: SyncQuery,
    private readonly db: Kysely<Database>,
    private readonly docs: DocStore,
    private readonly identity: () => StationIdentity | null,
    private readonly now: () => number,
  ) {}

  append(draft: AuditDraft, actor: AuditActor): AuditEntry | null {
    const identity = this.identity();
    if (!identity) return null; // before first-run setup there is no organization to log for
    return this.docs.transaction(() => {
      const head = this.q.first(
        this.db.selectFrom('audit_entries').select(['seq', 'hash']).where('device_id', '=', identity.stationId).orderBy('seq', 'desc').limit(1),
      );
      const body: Omit<AuditEntry, 'hash'> = {
        id: uuidv7(),
        seq: (head?.seq ?? 0) + 1,
        deviceId: identity.stationId,
        atMs: this.now(),
        actorId: wellFormed(actor.id),
        actorName: wellFormed(actor.name),
        locationId: wellFormed(draft.locationId ?? identity.homeLocationId),
        action: wellFormed(draft.action),
        entityType: wellFormed(draft.entityType ?? null),
        entityId: wellFormed(draft.entityId ?? null),
        summary: wellFormed(draft.summary.slice(0, 1000)),
        risk: draft.risk,
        prevHash: head?.hash ?? GENESIS_HASH,
      };
      const entry: AuditEntry = { ...body, hash: computeAuditHash(body, sha256Hex) };
      const batch = encodeAuditBatch([entry]);
      this.docs.change(logDocName(identity.tenantId, identity.homeLocationId, entry.atMs), (doc) => {
        appendFactBatch(doc, batch);
      });
      return entry;
    });
  }
}
