import type { AuditDraft } from '../../../domain/audit/entry';
import { OpsFlowError } from '../../../domain/errors';
import { DEFAULT_ALARM_DELAY_MIN, limitOf, UNIT_TYPE_LABELS, type UnitType } from '../../../domain/haccp/limits';
import type { EngineContext } from '../context';
import type { SensorRow } from '../sensors/sensor-views';
import { addUnit, assignSensor, updateUnit } from './units';
import { limitWords, unitTypeOf, type UnitRow } from './unit-views';

/**
 * Unit changes with their audit entries, the same from the UI (the dispatcher's commit) and the
 * command line (its own actor): the caller has checked who may make them and where.
 */
export type Commit = <T>(draft: AuditDraft, write: () => T) => T;

export interface UnitFields {
  name: string;
  type: UnitType;
  limitCentiC?: number | null;
  alarmDelayMin?: number;
}

/**
 * Adds a unit. Sensors at the location whose free "what it watches" label is the unit's name, and
 * that watch no unit yet, are assigned to it: the label people typed before units existed becomes
 * the real unit.
 */
export function addUnitAudited(ctx: EngineContext, commit: Commit, locationId: string, input: UnitFields): string {
  const limit = limitOf(input.type, input.limitCentiC ?? null);
  const labelled = ctx.q
    .all(ctx.db.selectFrom('sensors').select(['id', 'name', 'unit_label']).where('location_id', '=', locationId).where('unit_id', 'is', null).where('active', '=', 1))
    .filter((s) => s.unit_label.trim().toLowerCase() === input.name.trim().toLowerCase());
  return commit(
    {
      action: 'haccp.addUnit',
      summary: `Added ${UNIT_TYPE_LABELS[input.type].toLowerCase()} "${input.name}": limit ${limitWords(limit.kind, limit.limitCentiC)}${input.limitCentiC == null ? ' (Food Code default)' : ''}, alarm after ${input.alarmDelayMin ?? DEFAULT_ALARM_DELAY_MIN} min${labelled.length > 0 ? `; watched by ${labelled.map((s) => `"${s.name}"`).join(', ')} (labelled "${input.name}")` : ''}`,
      risk: 'MEDIUM',
      entityType: 'haccpUnit',
      locationId,
    },
    () => {
      const id = addUnit(ctx, locationId, input);
      for (const s of labelled) assignSensor(ctx, s.id, id);
      return id;
    },
  );
}

export interface UnitChanges {
  name?: string;
  limitCentiC?: number | null;
  alarmDelayMin?: number;
  active?: boolean;
}

export function updateUnitAudited(ctx: EngineContext, commit: Commit, unit: UnitRow, input: UnitChanges): void {
  const type = unitTypeOf(unit);
  const changes: string[] = [];
  const limitChanged = input.limitCentiC !== undefined && input.limitCentiC !== unit.limit_centi_c;
  if (input.name !== undefined && input.name !== unit.name) changes.push(`name "${unit.name}" → "${input.name}"`);
  if (limitChanged) {
    const before = limitOf(type, unit.limit_centi_c);
    const after = limitOf(type, input.limitCentiC ?? null);
    changes.push(`limit ${limitWords(before.kind, before.limitCentiC)} → ${limitWords(after.kind, after.limitCentiC)}${input.limitCentiC === null ? ' (Food Code default)' : ''}`);
  }
  if (input.alarmDelayMin !== undefined && input.alarmDelayMin !== unit.alarm_delay_min) changes.push(`alarm delay ${unit.alarm_delay_min} min → ${input.alarmDelayMin} min`);
  if (input.active !== undefined && input.active !== (unit.active === 1)) changes.push(input.active ? 'brought back into use' : 'retired');
  commit(
    {
      action: 'haccp.updateUnit',
      summary: `Changed unit "${unit.name}": ${changes.join(', ') || 'nothing'}`,
      // A limit is what every verdict from now on is judged against.
      risk: limitChanged ? 'HIGH' : 'MEDIUM',
      entityType: 'haccpUnit',
      entityId: unit.id,
      locationId: unit.location_id,
    },
    () => updateUnit(ctx, unit.id, input),
  );
}

export function assignSensorAudited(ctx: EngineContext, commit: Commit, sensor: SensorRow, unit: UnitRow | null): void {
  if (unit && unit.location_id !== sensor.location_id) {
    throw new OpsFlowError('BAD_INPUT', `"${sensor.name}" is at another location than "${unit.name}"; a sensor watches a unit where it is.`);
  }
  const before = sensor.unit_id ? ctx.q.first(ctx.db.selectFrom('haccp_units').select('name').where('id', '=', sensor.unit_id))?.name : null;
  commit(
    {
      action: 'haccp.assignSensor',
      summary: `Sensor "${sensor.name}" (${sensor.device_serial} ${sensor.channel}) watches ${unit ? `"${unit.name}"` : 'no unit'}${before ? ` (was "${before}")` : ''}`,
      risk: 'MEDIUM',
      entityType: 'sensor',
      entityId: sensor.id,
      locationId: sensor.location_id,
    },
    () => assignSensor(ctx, sensor.id, unit?.id ?? null),
  );
}
