import type { UnitView } from '../../../domain/contract/haccp';
import { OpsFlowError } from '../../../domain/errors';
import { isUnitType, limitOf, type UnitType } from '../../../domain/haccp/limits';
import type { CallContext, EngineContext } from '../context';
import type { Database } from '../db/schema';
import { visibleLocations } from '../sensors/sensor-views';

export type UnitRow = Database['haccp_units'];

/** A unit at one of the caller's locations; any other is "not found", and asking for it is audited. */
export function visibleUnit(call: CallContext, unitId: string): UnitRow {
  const row = call.ctx.q.first(call.ctx.db.selectFrom('haccp_units').selectAll().where('id', '=', unitId));
  const notFound = new OpsFlowError('NOT_FOUND', 'That unit does not exist or is not at your locations.', { unitId });
  if (!row) throw notFound;
  if (!visibleLocations(call).includes(row.location_id)) {
    call.refuse(notFound, `unit "${row.name}" is at a location the caller is not granted`, { entityType: 'haccpUnit', entityId: row.id, locationId: row.location_id });
  }
  return row;
}

export function unitTypeOf(row: UnitRow): UnitType {
  // The record was checked when projected (domain/haccp/rows.ts), so the type is one OpsFlow knows.
  if (!isUnitType(row.type)) throw new OpsFlowError('INTERNAL', 'A unit has a type this version does not know.', { unitId: row.id });
  return row.type;
}

export function unitView(ctx: EngineContext, row: UnitRow): UnitView {
  const limit = limitOf(unitTypeOf(row), row.limit_centi_c);
  const sensors = ctx.q.all(ctx.db.selectFrom('sensors').select(['id', 'name']).where('unit_id', '=', row.id).orderBy('name').orderBy('id'));
  return {
    id: row.id,
    locationId: row.location_id,
    name: row.name,
    type: unitTypeOf(row),
    limitKind: limit.kind,
    limitCentiC: limit.limitCentiC,
    defaultLimit: row.limit_centi_c === null,
    alarmDelayMin: row.alarm_delay_min,
    active: row.active === 1,
    sensors,
  };
}

export function unitRowsAt(ctx: EngineContext, locationIds: string[]): UnitRow[] {
  if (locationIds.length === 0) return [];
  return ctx.q.all(ctx.db.selectFrom('haccp_units').selectAll().where('location_id', 'in', locationIds).orderBy('name').orderBy('id'));
}

/** "5.00 °C", "-18.00 °C". */
export function celsius(centiC: number): string {
  return `${(centiC / 100).toFixed(2)} °C`;
}

export function limitWords(kind: 'max' | 'min', centiC: number): string {
  return `${kind === 'max' ? 'at most' : 'at least'} ${celsius(centiC)}`;
}
