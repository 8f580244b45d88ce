// A transfer's two ends can act at the same time while both are offline: the sender calls a line
// back while the receiver confirms it, or two PCs of the receiving location both confirm. Each is
// right on its own PC; together they count the stock twice. Only the hub sees both ends, so it
// checks each transfer a new batch touches and raises an alert for a person to fix (a transfer back
// or a reversal): the ledger stays what the sites recorded.
import { decodeMovementBatch } from '../../domain/inventory/movement-batch';
import type { MovementFact } from '../../domain/inventory/movements';
import type { ParsedDocName } from '../../domain/sync/doc-names';
import { BATCH_KIND, batchKind } from '../../domain/sync/fact-batch';
import type { TenantTransaction } from '../storage/tenant-scope';

export const TRANSFER_CONFLICT = 'TRANSFER_OVER_RECEIVED';

export function movementFactsOf(batches: readonly Uint8Array[]): MovementFact[] {
  const facts: MovementFact[] = [];
  for (const batch of batches) {
    if (batchKind(batch) !== BATCH_KIND.stockMovements) continue;
    try {
      facts.push(...decodeMovementBatch(batch));
    } catch {
      // A damaged batch was skipped by the projection too: it moved nothing.
    }
  }
  return facts;
}

/** Raises one WARNING per transfer (touched by `batches`) that was received in more than was on its way; returns their messages. */
export async function flagTransferConflicts(trx: TenantTransaction, doc: Extract<ParsedDocName, { kind: 'log' }>, batches: readonly Uint8Array[], nowMs: number): Promise<string[]> {
  const facts = movementFactsOf(batches);
  const transferIds = new Set(facts.filter((f) => f.kind === 'transferIn').map((f) => f.transferId!));
  const reversed = facts.filter((f) => f.kind === 'reversal').map((f) => f.reversesId!);
  if (reversed.length > 0) {
    const outs = await trx.selectFrom('stock_movements').select('transfer_id').where('kind', '=', 'transferOut').where('id', 'in', reversed).execute();
    for (const o of outs) if (o.transfer_id) transferIds.add(o.transfer_id);
  }
  const messages: string[] = [];
  for (const transferId of transferIds) {
    const lines = await trx.selectFrom('stock_movements').select(['id', 'kind', 'delta_base', 'location_id']).where('transfer_id', '=', transferId).execute();
    const outIds = lines.filter((l) => l.kind === 'transferOut').map((l) => l.id);
    if (outIds.length === 0) continue; // the sender's side has not arrived yet
    const calledBack = new Set((await trx.selectFrom('stock_movements').select('reverses_id').where('reverses_id', 'in', outIds).execute()).map((r) => r.reverses_id));
    const onItsWay = lines.filter((l) => l.kind === 'transferOut' && !calledBack.has(l.id)).reduce((sum, l) => sum - Number(l.delta_base), 0);
    const received = lines.filter((l) => l.kind === 'transferIn').reduce((sum, l) => sum + Number(l.delta_base), 0);
    if (received <= onItsWay) continue;
    const message = `Transfer ${transferId} was received in ${received} base units but only ${onItsWay} were on their way (called back, or confirmed twice, while offline): the stock is counted twice until someone transfers it back or reverses it.`;
    messages.push(message);
    await trx
      .insertInto('alerts')
      .values({ tenant_id: doc.tenantId, id: `transfer-conflict-${transferId}`, severity: 'WARNING', kind: TRANSFER_CONFLICT, message, created_at: nowMs })
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  return messages;
}
