// Transfers between locations whose PCs are linked only through the hub (domain/inventory/
// transfer-notices.ts says why): the hub, which projects every location's log, copies each transfer
// movement into the other end's ops document. Why the hub and not the devices: a device writes
// only its own location's documents, and the sender's log stays the one record of what was sent;
// the copy is derived from it, so running this again (a restart, a re-projection) adds nothing.
import * as Y from 'yjs';
import { TRANSFER_NOTICES_MAP, noticeDestination, type TransferNotice } from '../../domain/inventory/transfer-notices';
import { opsDocName, parseDocName, type ParsedDocName } from '../../domain/sync/doc-names';
import type { TenantTransaction } from '../storage/tenant-scope';
import { movementFactsOf } from './transfer-conflicts';

export interface OutgoingNotice {
  toLocationId: string;
  notice: TransferNotice;
}

/**
 * The notices the new batches of a location's log call for: its transfers out and in, and its
 * call-backs of transfers out, each to the location at the other end (an existing location of the
 * tenant only). Runs in the projection's transaction, after the batches' rows are written.
 */
export async function transferNoticesOf(trx: TenantTransaction, doc: Extract<ParsedDocName, { kind: 'log' }>, batches: readonly Uint8Array[]): Promise<OutgoingNotice[]> {
  const facts = movementFactsOf(batches);
  const reversed = facts.filter((f) => f.kind === 'reversal' && f.reversesId !== null).map((f) => f.reversesId!);
  const transfersOut = new Map<string, string>();
  if (reversed.length > 0) {
    const rows = await trx.selectFrom('stock_movements').select(['id', 'other_location_id']).where('kind', '=', 'transferOut').where('location_id', '=', doc.locationId).where('id', 'in', reversed).execute();
    for (const r of rows) if (r.other_location_id) transfersOut.set(r.id, r.other_location_id);
  }
  const out: OutgoingNotice[] = [];
  for (const fact of facts) {
    const to = noticeDestination(fact, transfersOut);
    if (to !== null && to !== doc.locationId) out.push({ toLocationId: to, notice: { locationId: doc.locationId, fact } });
  }
  if (out.length === 0) return out;
  const known = new Set((await trx.selectFrom('locations').select('id').where('id', 'in', [...new Set(out.map((o) => o.toLocationId))]).execute()).map((l) => l.id));
  return out.filter((o) => known.has(o.toLocationId));
}

/** The hub's loaded documents, as far as delivering needs them (sync/rooms.ts). */
export interface WritableRooms {
  acquire(name: string, parsed: ParsedDocName): Promise<{ write(change: (doc: Y.Doc) => boolean): Promise<unknown> }>;
  release(name: string): void;
}

/** Sets each notice into its destination's ops document, once: a notice already there is left alone. */
export async function deliverTransferNotices(rooms: WritableRooms, tenantId: string, notices: readonly OutgoingNotice[]): Promise<void> {
  const byDestination = new Map<string, TransferNotice[]>();
  for (const { toLocationId, notice } of notices) byDestination.set(toLocationId, [...(byDestination.get(toLocationId) ?? []), notice]);
  for (const [locationId, list] of byDestination) {
    const name = opsDocName(tenantId, locationId);
    const room = await rooms.acquire(name, parseDocName(name)!);
    try {
      await room.write((doc: Y.Doc) => {
        const map = doc.getMap(TRANSFER_NOTICES_MAP);
        let changed = false;
        for (const notice of list) {
          if (map.has(notice.fact.id)) continue;
          map.set(notice.fact.id, notice);
          changed = true;
        }
        return changed;
      });
    } finally {
      rooms.release(name);
    }
  }
}
