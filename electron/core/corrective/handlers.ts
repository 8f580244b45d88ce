import type { ExcursionView } from '../../../domain/contract/haccp';
import type { ItemView } from '../../../domain/contract/inventory';
import { CORRECTIVE_ACTION_WORDS, CORRECTIVE_WASTE_REASON, correctiveWasteNote, type CorrectiveActionFact, type CorrectiveActionKind, type DiscardedQuantity } from '../../../domain/haccp/corrective-action-facts';
import { OpsFlowError } from '../../../domain/errors';
import type { CallContext } from '../context';
import type { HandlerMap } from '../handler';
import { listExcursions } from '../haccp/excursion-queries';
import { requireItem } from '../inventory/catalog';
import { takeStock } from '../inventory/stock';
import { visibleLocations, visibleSensor } from '../sensors/sensor-views';
import { complianceDays } from './compliance-days';
import { actionInForce, actionRow, amendmentOf, newFactId, recordCorrectiveAction, recordCorrectiveSignoff, signoffOf } from './records';

type CorrectiveMethods = 'haccp.complianceScores' | 'haccp.recordCorrectiveAction' | 'haccp.amendCorrectiveAction' | 'haccp.signOffCorrectiveAction';

interface ActionDraft {
  cause: string;
  action: CorrectiveActionKind;
  quantity: DiscardedQuantity | null;
  disposition: string;
}

function tenantOf(call: CallContext): string {
  const identity = call.ctx.identity();
  if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow first.');
  return identity.tenantId;
}

/** A discard says how much went into the bin; any other action has no quantity to say. */
function checkQuantity(draft: ActionDraft): void {
  if (draft.action === 'discarded' && draft.quantity === null) throw new OpsFlowError('BAD_INPUT', 'Say how much product was discarded (a quantity and its unit).');
  if (draft.action !== 'discarded' && draft.quantity !== null) throw new OpsFlowError('BAD_INPUT', 'A quantity is only recorded when product was discarded.');
}

/**
 * The inventory item a discard names, if any: only with "discarded", and only for someone who may
 * record waste (the record is refused whole otherwise, never saved without its stock movement).
 */
function discardedItem(call: CallContext, draft: ActionDraft & { discardedItemId: string | null }): ItemView | null {
  if (draft.discardedItemId === null) return null;
  if (draft.action !== 'discarded') throw new OpsFlowError('BAD_INPUT', 'An inventory item is only named when product was discarded.');
  if (!call.session!.permissions.has('inventory.record')) {
    call.refuse(new OpsFlowError('FORBIDDEN', 'You may not write stock off as waste: leave the inventory item out, or ask someone who records stock.'), 'named an inventory item to write off without inventory.record');
  }
  return requireItem(call.ctx, draft.discardedItemId);
}

/** The excursion of a sensor starting at that time, at one of the caller's locations. */
function visibleExcursion(call: CallContext, sensorId: string, startMs: number): ExcursionView {
  const sensor = visibleSensor(call, sensorId);
  const found = listExcursions(call.ctx, { locationIds: [sensor.location_id], sensorId, toMs: startMs + 1 }).find((e) => e.startMs === startMs);
  if (!found) throw new OpsFlowError('NOT_FOUND', `"${sensor.name}" has no excursion starting at that time.`);
  return found;
}

/** The record by id, at one of the caller's locations (any other is "not found"). */
function visibleAction(call: CallContext, actionId: string) {
  const row = actionRow(call.ctx, actionId);
  if (!row) throw new OpsFlowError('NOT_FOUND', 'That corrective action does not exist.');
  visibleSensor(call, row.sensor_id);
  return row;
}

function actionWords(draft: ActionDraft): string {
  const quantity = draft.quantity ? ` (${draft.quantity.amount} ${draft.quantity.unit})` : '';
  return `${CORRECTIVE_ACTION_WORDS[draft.action]}${quantity}`;
}

/** A new record of `draft` for the excursion `of`, by the caller, now; `amends` is the record it corrects. */
function newFact(call: CallContext, of: { sensorId: string; excursionStartMs: number; unitName: string }, draft: ActionDraft & { note: string }, amends: string | null): CorrectiveActionFact {
  const actor = call.actor();
  return {
    id: newFactId(),
    ...of,
    cause: draft.cause,
    action: draft.action,
    quantity: draft.quantity,
    disposition: draft.disposition,
    note: draft.note,
    atMs: call.ctx.now(),
    actorId: actor.id,
    actorName: actor.name,
    amends,
  };
}

function clock(atMs: number): string {
  return new Date(atMs).toISOString().slice(0, 16).replace('T', ' ') + ' UTC';
}

export const correctiveHandlers: HandlerMap<CorrectiveMethods> = {
  'haccp.complianceScores'({ locationId, days }, call) {
    const visible = visibleLocations(call);
    const at = locationId ?? call.ctx.identity()?.homeLocationId;
    if (!at || !visible.includes(at)) throw new OpsFlowError('NOT_FOUND', 'That location does not exist or is not yours to see.');
    return complianceDays(call.ctx, at, days);
  },

  'haccp.recordCorrectiveAction'(input, call) {
    checkQuantity(input);
    const excursion = visibleExcursion(call, input.sensorId, input.excursionStartMs);
    const discarded = discardedItem(call, input);
    const earlier = excursion.correctiveAction;
    if (earlier) throw new OpsFlowError('CONFLICT', `A corrective action for this excursion was already recorded by ${earlier.actorName}. To correct it, record an amendment.`);
    const actor = call.actor();
    const fact = newFact(call, { sensorId: excursion.sensorId, excursionStartMs: excursion.startMs, unitName: excursion.unit }, input, null);
    call.commit(
      {
        action: 'haccp.recordCorrectiveAction',
        summary: `Recorded a corrective action for "${excursion.unit}" out of range since ${clock(excursion.startMs)}: ${actionWords(input)}${discarded ? ` of "${discarded.name}", written off as waste` : ''}. Cause: ${input.cause}`,
        risk: 'MEDIUM',
        entityType: 'correctiveAction',
        entityId: fact.id,
        locationId: excursion.locationId,
      },
      () => {
        // The waste first: too little in stock (or a pack the item has not) refuses the whole record, nothing half-written.
        if (discarded && input.quantity) {
          const { amount, unit } = input.quantity;
          takeStock(
            call.ctx,
            excursion.locationId,
            { kind: 'waste', reason: CORRECTIVE_WASTE_REASON, itemId: discarded.id, packName: unit, qty: amount, lot: null, note: correctiveWasteNote(fact.id, excursion.unit) },
            actor,
          );
        }
        recordCorrectiveAction(call.ctx, tenantOf(call), excursion.locationId, fact);
      },
    );
    return actionInForce(call.ctx, actionRow(call.ctx, fact.id)!);
  },

  'haccp.amendCorrectiveAction'(input, call) {
    checkQuantity(input);
    if (input.discardedItemId !== null) throw new OpsFlowError('BAD_INPUT', 'A correction does not write stock off again: correct the waste movement from Inventory (reverse it), and leave the item out here.');
    const original = visibleAction(call, input.actionId);
    if (amendmentOf(call.ctx, original.id)) throw new OpsFlowError('CONFLICT', 'This record was already corrected; correct its latest version.');
    if (signoffOf(call.ctx, original.id) && !call.session!.permissions.has('haccp.signoff')) {
      call.refuse(
        new OpsFlowError('FORBIDDEN', 'This record is signed and locked. Only a supervisor who may sign off records can correct it, with an amendment.'),
        `the corrective action for "${original.unit_name}" is signed off`,
        { entityType: 'correctiveAction', entityId: original.id, locationId: original.location_id },
      );
    }
    const fact = newFact(call, { sensorId: original.sensor_id, excursionStartMs: original.excursion_start_ms, unitName: original.unit_name }, input, original.id);
    call.commit(
      {
        action: 'haccp.amendCorrectiveAction',
        summary: `Corrected the corrective action for "${original.unit_name}" (record by ${original.actor_name}): ${actionWords(input)}. Reason: ${input.note}`,
        risk: 'MEDIUM',
        entityType: 'correctiveAction',
        entityId: fact.id,
        locationId: original.location_id,
      },
      () => recordCorrectiveAction(call.ctx, tenantOf(call), original.location_id, fact),
    );
    return actionInForce(call.ctx, actionRow(call.ctx, fact.id)!);
  },

  'haccp.signOffCorrectiveAction'({ actionId, note }, call) {
    const record = visibleAction(call, actionId);
    const signed = signoffOf(call.ctx, record.id);
    if (signed) throw new OpsFlowError('CONFLICT', `This record was already signed off by ${signed.actor_name}.`);
    if (amendmentOf(call.ctx, record.id)) throw new OpsFlowError('CONFLICT', 'This record was corrected since; sign off its latest version.');
    const actor = call.actor();
    const fact = { id: newFactId(), actionId: record.id, atMs: call.ctx.now(), actorId: actor.id, actorName: actor.name, note };
    call.commit(
      {
        action: 'haccp.signOffCorrectiveAction',
        summary: `Signed off the corrective action for "${record.unit_name}" (recorded by ${record.actor_name})${note ? `. Note: ${note}` : ''}`,
        risk: 'MEDIUM',
        entityType: 'correctiveAction',
        entityId: record.id,
        locationId: record.location_id,
      },
      () => recordCorrectiveSignoff(call.ctx, tenantOf(call), record.location_id, fact),
    );
    return actionInForce(call.ctx, record);
  },
};
