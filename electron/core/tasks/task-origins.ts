import type { TaskOriginInput } from '../../../domain/contract/tasks';
import { OpsFlowError } from '../../../domain/errors';
import { describeQty } from '../../../domain/inventory/units';
import { TASK_ORIGIN_LABEL_MAX, type TaskOrigin } from '../../../domain/tasks/records';
import { formatDateTime } from '../../../domain/time/format-time';
import type { EngineContext } from '../context';
import { actionInForce, actionRow } from '../corrective/records';
import { lowStock } from '../inventory/stock-views';
import { zoneOf } from './task-words';

/**
 * What a new task follows up, checked against the data and put in words: a corrective action at the
 * task's location, or an item of the catalog below its reorder point there. Anything else is refused
 * with a sentence, and nothing is written. (Everyone who adds tasks may see both kinds of record:
 * the location was checked before.)
 */
export function resolveTaskOrigin(ctx: EngineContext, locationId: string, input: TaskOriginInput): TaskOrigin {
  return input.kind === 'correctiveAction' ? correctiveOrigin(ctx, locationId, input.ref) : lowStockOrigin(ctx, locationId, input.ref);
}

function correctiveOrigin(ctx: EngineContext, locationId: string, actionId: string): TaskOrigin {
  const row = actionRow(ctx, actionId);
  if (!row || row.location_id !== locationId) {
    throw new OpsFlowError('NOT_FOUND', 'That corrective action does not exist at the task’s location.');
  }
  const view = actionInForce(ctx, row);
  const started = formatDateTime(row.excursion_start_ms, { timeZone: zoneOf(ctx, locationId), clock: '24h', dateStyle: 'iso' });
  return { kind: 'correctiveAction', ref: actionId, label: `Corrective action for ${row.unit_name}, excursion from ${started}: ${view.cause}`.slice(0, TASK_ORIGIN_LABEL_MAX) };
}

function lowStockOrigin(ctx: EngineContext, locationId: string, itemId: string): TaskOrigin {
  const item = ctx.q.first(ctx.db.selectFrom('inventory_items').select(['name', 'packs']).where('id', '=', itemId));
  if (!item) throw new OpsFlowError('NOT_FOUND', 'That item is not in the catalog.');
  const [low] = lowStock(ctx, locationId, itemId);
  if (!low) throw new OpsFlowError('CONFLICT', `${item.name} is not below its reorder point here: nothing to reorder.`);
  const open = ctx.q.first(
    ctx.db
      .selectFrom('tasks')
      .select('title')
      .where('origin_kind', '=', 'lowStock')
      .where('origin_ref', '=', itemId)
      .where('location_id', '=', locationId)
      .where('status', 'in', ['todo', 'in_progress']),
  );
  if (open) throw new OpsFlowError('CONFLICT', `A task to reorder ${item.name} is already open here: "${open.title}".`);
  const qty = (base: number) => describeQty(base, low.baseUnit, JSON.parse(item.packs));
  return {
    kind: 'lowStock',
    ref: itemId,
    label: `Low stock: ${item.name}, ${qty(low.onHandBase)} on hand (reorder point ${qty(low.reorderPointBase)}, par ${qty(low.parBase)})`.slice(0, TASK_ORIGIN_LABEL_MAX),
  };
}
