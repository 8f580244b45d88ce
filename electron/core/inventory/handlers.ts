import type { MethodName } from '../../../domain/contract';
import type { MovementFact } from '../../../domain/inventory/movements';
import { describeQty } from '../../../domain/inventory/units';
import { OpsFlowError } from '../../../domain/errors';
import { can } from '../../../domain/auth/permissions';
import type { Role } from '../../../domain/auth/roles';
import { sessionUser } from '../auth/session-info';
import type { CallContext } from '../context';
import type { HandlerMap } from '../handler';
import { itemRow, items, requireItem, saveItem, saveSupplier, supplierRow, supplierView, suppliers } from './catalog';
import { applyCatalogImport, checkCatalogCsv, exportCatalogCsv } from './catalog-csv';
import { countSheetPdf } from './count-sheet-pdf';
import { approveCount, countRow, countSheet, countSummary, counts, discardCount, enterCount, startCount, submitCount } from './counts';
import { locationName, stockCount, stockLocation } from './scope';
import { checkWords, factView, receivingChecks } from './receiving-checks';
import { confirmTransfer, planDelivery, postDelivery, reverseMovement, sendTransfer, takeStock } from './stock';
import { expiring, groupTransfers, history, inTransit, lots, lowStock, movementRow, movementView, onHand, transferLines } from './stock-views';

type InventoryMethod = Extract<MethodName, `inventory.${string}`>;

function views(facts: MovementFact[], locationId: string) {
  return facts.map((f) => movementView(
    {
      id: f.id, location_id: locationId, item_id: f.itemId, kind: f.kind, delta_base: f.deltaBase, lot: f.lot, expires_on: f.expiresOn, at_ms: f.atMs,
      actor_id: f.actorId, actor_name: f.actorName, reason: f.reason, note: f.note, supplier_id: f.supplierId, reverses_id: f.reversesId,
      transfer_id: f.transferId, other_location_id: f.otherLocationId, count_id: f.countId, unit_cost_milli_cents: f.unitCostMilliCents,
    },
    null,
  ));
}

/** "5,000 g of Flour (lot A)": what a movement line was, for the audit summary. */
function lineWords(call: CallContext, facts: MovementFact[]): string {
  return facts
    .map((f) => {
      const item = itemRow(call.ctx, f.itemId);
      const name = item?.name ?? f.itemId;
      return `${describeQty(Math.abs(f.deltaBase), (item?.base_unit ?? 'each') as never, item ? JSON.parse(item.packs) : [])} of ${name}${f.lot ? ` (lot ${f.lot})` : ''}`;
    })
    .join(', ');
}

function mayReview(call: CallContext): boolean {
  const user = sessionUser(call.ctx, call.session!);
  return call.session!.permissions.has('inventory.manage') && can(user.role as Role, 'inventory.manage');
}

export const inventoryHandlers: HandlerMap<InventoryMethod> = {
  'inventory.items'({ includeInactive }, { ctx }) {
    return items(ctx, includeInactive);
  },

  'inventory.saveItem'({ itemId, fields }, call) {
    const before = itemId ? itemRow(call.ctx, itemId) : undefined;
    if (itemId && !before) throw new OpsFlowError('NOT_FOUND', 'That item is not in the catalog.');
    const id = call.commit(
      { action: itemId ? 'inventory.updateItem' : 'inventory.createItem', summary: `${itemId ? 'Changed' : 'Added'} catalog item "${fields.name}"${before && before.name !== fields.name ? ` (was "${before.name}")` : ''}`, risk: 'LOW', entityType: 'inventoryItem', entityId: itemId },
      () => saveItem(call.ctx, itemId, fields),
    );
    return requireItem(call.ctx, id);
  },

  'inventory.suppliers'({ includeInactive }, { ctx }) {
    return suppliers(ctx, includeInactive);
  },

  'inventory.saveSupplier'({ supplierId, fields }, call) {
    const id = call.commit(
      { action: supplierId ? 'inventory.updateSupplier' : 'inventory.createSupplier', summary: `${supplierId ? 'Changed' : 'Added'} supplier "${fields.name}"`, risk: 'LOW', entityType: 'supplier', entityId: supplierId },
      () => saveSupplier(call.ctx, supplierId, fields),
    );
    return supplierView(supplierRow(call.ctx, id)!);
  },

  'inventory.exportCatalog'(_input, { ctx }) {
    return { csv: exportCatalogCsv(ctx) };
  },

  'inventory.importCatalog'({ csv, importCleanRows }, call) {
    const checked = checkCatalogCsv(call.ctx, csv);
    // A file with bad rows changes nothing unless its clean rows are asked for: then no entry either.
    if (checked.errors.length > 0 && !importCleanRows) return { imported: false, created: 0, updated: 0, errors: checked.errors };
    return call.commit(
      {
        action: 'inventory.importCatalog',
        summary: `Imported the catalog from a CSV file: ${checked.clean.filter((r) => r.id === null).length} new item(s), ${checked.clean.filter((r) => r.id !== null).length} updated${checked.errors.length ? `, ${checked.errors.length} bad row(s) left out` : ''}`,
        risk: 'MEDIUM',
        entityType: 'inventoryItem',
      },
      () => applyCatalogImport(call.ctx, checked),
    );
  },

  'inventory.onHand'({ locationId, ...filter }, call) {
    return onHand(call.ctx, stockLocation(call, locationId), filter);
  },

  'inventory.history'({ locationId, itemId, before, limit }, call) {
    requireItem(call.ctx, itemId);
    return history(call.ctx, stockLocation(call, locationId), itemId, before, limit);
  },

  'inventory.lots'({ locationId, itemId }, call) {
    requireItem(call.ctx, itemId);
    return lots(call.ctx, stockLocation(call, locationId), itemId);
  },

  'inventory.expiring'({ locationId, leadDays }, call) {
    return expiring(call.ctx, stockLocation(call, locationId), leadDays);
  },

  'inventory.lowStock'({ locationId }, call) {
    return lowStock(call.ctx, stockLocation(call, locationId));
  },

  'inventory.receive'({ locationId, supplierId, lines, note }, call) {
    stockLocation(call, locationId);
    if (supplierId !== null && !supplierRow(call.ctx, supplierId)) throw new OpsFlowError('BAD_INPUT', 'That supplier is not in the catalog.');
    const plan = planDelivery(call.ctx, locationId, supplierId, lines, note);
    const checked = plan.lines.filter((l) => l.checked.check);
    const rejected = plan.lines.filter((l) => l.checked.rejected);
    const received = plan.lines.length - rejected.length;
    const { movements, checks } = call.commit(
      {
        action: 'inventory.receive',
        summary:
          `Received a delivery of ${received} line(s) at ${locationName(call, locationId)}` +
          (rejected.length ? `, rejected ${rejected.length} line(s) at the door` : '') +
          (checked.length ? `; receiving checks: ${checked.map((l) => checkWords(l.item.name, l.checked.check!, l.checked.rejected)).join('; ')}` : ''),
        risk: checked.some((l) => !l.checked.check!.passed) ? 'MEDIUM' : 'LOW',
        entityType: 'stock',
        locationId,
      },
      () => postDelivery(call.ctx, locationId, plan, call.actor()),
    );
    const checkOf = new Map(checks.filter((c) => c.movementId).map((c) => [c.movementId!, factView(c)]));
    return views(movements, locationId).map((m) => ({ ...m, receivingCheck: checkOf.get(m.id) ?? null }));
  },

  'inventory.receivingChecks'({ locationId, itemId, limit }, call) {
    return receivingChecks(call.ctx, stockLocation(call, locationId), itemId, limit);
  },

  'inventory.use'({ locationId, itemId, packName, qty, lot, note }, call) {
    stockLocation(call, locationId);
    const item = requireItem(call.ctx, itemId);
    const facts = call.commit(
      { action: 'inventory.use', summary: `Used ${qty} ${packName} of "${item.name}" at ${locationName(call, locationId)}`, risk: 'LOW', entityType: 'stock', entityId: itemId, locationId },
      () => takeStock(call.ctx, locationId, { kind: 'use', itemId, packName, qty, lot, note }, call.actor()),
    );
    return views(facts, locationId);
  },

  'inventory.waste'({ locationId, itemId, packName, qty, lot, reason, note }, call) {
    stockLocation(call, locationId);
    const item = requireItem(call.ctx, itemId);
    const facts = call.commit(
      { action: 'inventory.waste', summary: `Wasted ${qty} ${packName} of "${item.name}" at ${locationName(call, locationId)} (${reason})`, risk: 'LOW', entityType: 'stock', entityId: itemId, locationId },
      () => takeStock(call.ctx, locationId, { kind: 'waste', reason, itemId, packName, qty, lot, note }, call.actor()),
    );
    return views(facts, locationId);
  },

  'inventory.transfer'({ fromLocationId, toLocationId, lines, note }, call) {
    stockLocation(call, fromLocationId);
    // The receiving end may be any restaurant of the organization: sending needs no grant there.
    if (!call.ctx.directory.location(toLocationId)) throw new OpsFlowError('NOT_FOUND', 'The receiving location does not exist.');
    const { transferId } = call.commit(
      { action: 'inventory.transfer', summary: `Sent ${lines.length} line(s) from ${locationName(call, fromLocationId)} to ${locationName(call, toLocationId)}`, risk: 'LOW', entityType: 'stock', locationId: fromLocationId },
      () => sendTransfer(call.ctx, fromLocationId, toLocationId, lines, note, call.actor()),
    );
    return groupTransfers(transferLines(call.ctx, transferId))[0]!;
  },

  'inventory.inTransit'({ locationId }, call) {
    return inTransit(call.ctx, stockLocation(call, locationId));
  },

  'inventory.confirmTransfer'({ locationId, transferId }, call) {
    stockLocation(call, locationId);
    const facts = call.commit(
      { action: 'inventory.confirmTransfer', summary: `Received transfer ${transferId} at ${locationName(call, locationId)}`, risk: 'LOW', entityType: 'stock', entityId: transferId, locationId },
      () => confirmTransfer(call.ctx, locationId, transferId, call.actor()),
    );
    return views(facts, locationId);
  },

  'inventory.reverse'({ movementId, reason }, call) {
    const original = movementRow(call.ctx, movementId);
    if (!original) throw new OpsFlowError('NOT_FOUND', 'That movement does not exist.');
    stockLocation(call, original.location_id);
    const fact = call.commit(
      {
        action: 'inventory.reverse',
        summary: `Reversed a ${original.kind} of ${lineWords(call, [{ itemId: original.item_id, deltaBase: original.delta_base, lot: original.lot } as MovementFact])} at ${locationName(call, original.location_id)}: ${reason}`,
        risk: 'MEDIUM',
        entityType: 'stock',
        entityId: movementId,
        locationId: original.location_id,
      },
      () => reverseMovement(call.ctx, movementId, reason, call.actor()),
    );
    return views([fact], original.location_id)[0]!;
  },

  'inventory.counts'({ locationId }, call) {
    return counts(call.ctx, stockLocation(call, locationId));
  },

  'inventory.startCount'({ locationId, storageArea, blind }, call) {
    stockLocation(call, locationId);
    const id = call.commit(
      { action: 'inventory.startCount', summary: `Started a ${blind ? 'blind ' : ''}count of ${storageArea || 'every storage area'} at ${locationName(call, locationId)}`, risk: 'LOW', entityType: 'stockCount', locationId },
      () => startCount(call.ctx, locationId, storageArea, blind, call.actor()),
    );
    return countSummary(call.ctx, countRow(call.ctx, id)!);
  },

  'inventory.countSheet'({ countId }, call) {
    return countSheet(call.ctx, stockCount(call, countId), mayReview(call));
  },

  'inventory.enterCount'({ countId, itemId, packName, qty }, call) {
    const count = stockCount(call, countId);
    const item = requireItem(call.ctx, itemId);
    call.commit(
      { action: 'inventory.enterCount', summary: `Counted ${qty} ${packName} of "${item.name}"`, risk: 'LOW', entityType: 'stockCount', entityId: countId, locationId: count.location_id },
      () => enterCount(call.ctx, count, itemId, packName, qty),
    );
    return countSheet(call.ctx, countRow(call.ctx, countId)!, mayReview(call)).lines.find((l) => l.itemId === itemId)!;
  },

  'inventory.submitCount'({ countId }, call) {
    const count = stockCount(call, countId);
    call.commit({ action: 'inventory.submitCount', summary: `Handed in the count of ${count.storage_area || 'every storage area'}`, risk: 'LOW', entityType: 'stockCount', entityId: countId, locationId: count.location_id }, () =>
      submitCount(call.ctx, count),
    );
    return countSummary(call.ctx, countRow(call.ctx, countId)!);
  },

  'inventory.approveCount'({ countId }, call) {
    const count = stockCount(call, countId);
    const review = countSheet(call.ctx, { ...count, blind: 0 }, true);
    const cents = review.varianceCents ?? 0;
    call.commit(
      {
        action: 'inventory.approveCount',
        summary: `Approved the count of ${count.storage_area || 'every storage area'} at ${locationName(call, count.location_id)}: variance ${cents < 0 ? '-' : ''}$${(Math.abs(cents) / 100).toFixed(2)}`,
        risk: 'MEDIUM',
        entityType: 'stockCount',
        entityId: countId,
        locationId: count.location_id,
      },
      () => approveCount(call.ctx, count, call.actor()),
    );
    return countSheet(call.ctx, countRow(call.ctx, countId)!, true);
  },

  'inventory.discardCount'({ countId }, call) {
    const count = stockCount(call, countId);
    call.commit({ action: 'inventory.discardCount', summary: `Discarded the count of ${count.storage_area || 'every storage area'}`, risk: 'LOW', entityType: 'stockCount', entityId: countId, locationId: count.location_id }, () =>
      discardCount(call.ctx, count, call.actor()),
    );
    return countSummary(call.ctx, countRow(call.ctx, countId)!);
  },

  async 'inventory.countSheetPdf'({ countId, paper, showExpected }, call) {
    const count = stockCount(call, countId);
    if (showExpected && !mayReview(call)) {
      call.refuse(
        new OpsFlowError('FORBIDDEN', 'Only a manager may print a count sheet with the quantities on the books; print the blind sheet instead.'),
        'a count sheet with the quantities on the books, which their role may not see',
        { entityType: 'stockCount', entityId: countId, locationId: count.location_id },
      );
    }
    const printed = await countSheetPdf(call.ctx, count, { paper, showExpected });
    call.audit({
      action: 'inventory.printCountSheet',
      summary: `Printed the ${showExpected ? 'count sheet with the quantities on the books' : 'blind count sheet'} of ${count.storage_area || 'every storage area'} at ${locationName(call, count.location_id)} (${printed.items} item(s))`,
      risk: showExpected ? 'MEDIUM' : 'LOW',
      entityType: 'stockCount',
      entityId: countId,
      locationId: count.location_id,
    });
    return printed.file;
  },
};
