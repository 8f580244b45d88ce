import { encodeAuditBatch } from '../../../domain/audit/audit-batch';
import { computeAuditHash, GENESIS_HASH } from '../../../domain/audit/chain';
import type { AuditEntry } from '../../../domain/audit/entry';
import { logDocName } from '../../../domain/sync/doc-names';
import { FACT_BATCHES_MAP } from '../../../domain/sync/fact-batch';
import type { Store } from '../store';
import { sha256Hex } from './sha256';

/**
 * Another PC's valid chain, arriving as that PC writes it: one batch per entry, set into the log
 * document of the entry's month; the projection writes the rows. For tests of verifying.
 */
export function receiveChain(store: Store, deviceId: string, count: number, { fromMs, stepMs }: { fromMs: number; stepMs: number }): AuditEntry[] {
  const identity = store.identity();
  if (!identity) throw new Error('set the station up first');
  const entries: AuditEntry[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const body = {
      id: `${deviceId}-${seq}`, seq, deviceId, atMs: fromMs + seq * stepMs, actorId: null, actorName: 'system', locationId: identity.homeLocationId,
      action: 'auth.signIn', entityType: null, entityId: null, summary: `entry ${seq} of ${deviceId}`, risk: 'LOW' as const, prevHash,
    };
    const entry = { ...body, hash: computeAuditHash(body, sha256Hex) };
    entries.push(entry);
    prevHash = entry.hash;
  }
  store.docs.transaction(() => {
    for (const entry of entries) {
      const batch = encodeAuditBatch([entry]);
      store.docs.change(logDocName(identity.tenantId, identity.homeLocationId, entry.atMs), (doc) => {
        doc.getMap<Uint8Array>(FACT_BATCHES_MAP).set(sha256Hex(batch), batch);
      });
    }
  });
  return entries;
}
