import { z } from 'zod';
import { parseDocName } from '../sync/doc-names';
import { skippedFor, type Skipped } from '../sync/rows';
import { movementFact, type MovementFact } from './movements';
import { movementRowOf, type StockMovementsRow } from './rows';

/**
 * Transfers between locations whose PCs share nothing but the hub. A PC holds only its own
 * location's documents, and writes only those, so the two ends of a transfer cannot read each
 * other's ledger. The hub, which projects every location's log, copies each transfer movement into
 * the other end's ops document under this map, keyed by the movement's id: the sender's
 * transfer-out (and its call-back, a reversal) reaches the receiver, the receiver's transfer-in
 * reaches the sender. A notice is a copy, never a movement of the location holding it: the
 * ledger and the balances there stay that location's own.
 */
export const TRANSFER_NOTICES_MAP = 'transferNotices';

/** A movement of another location, as the hub copies it: the fact and where it happened. */
export const transferNotice = z.strictObject({ locationId: z.string().min(1).max(64), fact: movementFact });
export type TransferNotice = z.infer<typeof transferNotice>;

/** Where a movement at `locationId` must be noticed, or null: transfers and call-backs of transfers only. */
export function noticeDestination(fact: MovementFact, transferOutDestinations: ReadonlyMap<string, string>): string | null {
  if (fact.kind === 'transferOut' || fact.kind === 'transferIn') return fact.otherLocationId;
  if (fact.kind === 'reversal' && fact.reversesId !== null) return transferOutDestinations.get(fact.reversesId) ?? null;
  return null;
}

/**
 * A notice in a location's ops document, as the row of `transfer_notices` it means there. One that
 * does not concern this location (or claims to be its own movement) is skipped.
 */
export function transferNoticeRows(docName: string, key: string, value: unknown): { notice: StockMovementsRow } | Skipped {
  const doc = parseDocName(docName);
  if (doc?.kind !== 'ops') return { skipped: `${docName} is not a location's ops document` };
  const parsed = transferNotice.safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  const { locationId, fact } = parsed.data;
  if (fact.id !== key) return { skipped: `the notice under "${key}" is of movement ${fact.id}` };
  if (locationId === doc.locationId) return { skipped: 'a notice is of another location’s movement' };
  const isTransfer = fact.kind === 'transferOut' || fact.kind === 'transferIn';
  if (isTransfer ? fact.otherLocationId !== doc.locationId : fact.kind !== 'reversal') return { skipped: `movement ${fact.id} is not a transfer with this location` };
  return { notice: movementRowOf(locationId, fact) };
}
