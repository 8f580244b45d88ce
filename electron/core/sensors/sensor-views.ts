import type { CalibrationEvent, SensorView } from '../../../domain/contract/sensors';
import { OpsFlowError } from '../../../domain/errors';
import { sessionUser, visibleLocationIds } from '../auth/session-info';
import type { CallContext, EngineContext } from '../context';
import type { Database } from '../db/schema';

export type SensorRow = Database['sensors'];

/** The locations whose sensors the caller may see. */
export function visibleLocations(call: CallContext): string[] {
  return visibleLocationIds(call.ctx, sessionUser(call.ctx, call.session!));
}

/**
 * A sensor at one of the caller's locations; any other is "not found", not "forbidden", so a
 * caller learns nothing of other locations. Asking for another location's sensor is audited.
 */
export function visibleSensor(call: CallContext, sensorId: string): SensorRow {
  const { ctx } = call;
  const row = ctx.q.first(ctx.db.selectFrom('sensors').selectAll().where('id', '=', sensorId));
  const notFound = new OpsFlowError('NOT_FOUND', 'That sensor does not exist or is not at your locations.', { sensorId });
  if (!row) throw notFound;
  if (!visibleLocations(call).includes(row.location_id)) {
    call.refuse(notFound, `sensor "${row.name}" is at a location the caller is not granted`, { entityType: 'sensor', entityId: row.id, locationId: row.location_id });
  }
  return row;
}

export function sensorRows(ctx: EngineContext, locationIds: string[]): SensorRow[] {
  if (locationIds.length === 0) return [];
  return ctx.q.all(ctx.db.selectFrom('sensors').selectAll().where('location_id', 'in', locationIds).orderBy('name').orderBy('id'));
}

export function sensorView(ctx: EngineContext, row: SensorRow): SensorView {
  const live = ctx.devices()?.liveState(row.id) ?? { online: null, pending: null };
  const stored = ctx.sqlite
    .prepare('SELECT at_ms AS atMs, temp_centi_c AS tempCentiC FROM readings WHERE sensor_id = ? ORDER BY at_ms DESC LIMIT 1')
    .get(row.id) as { atMs: number; tempCentiC: number } | undefined;
  // A live reading waits for its batch (see LiveReadingsBuffer) but is shown at once.
  const pending = live.pending && { atMs: live.pending.atMs, tempCentiC: live.pending.rawCentiC + row.calibration_offset_centi_c };
  const lastReading = pending && (!stored || pending.atMs > stored.atMs) ? pending : (stored ?? null);
  return {
    id: row.id,
    locationId: row.location_id,
    name: row.name,
    unitLabel: row.unit_label,
    unit: row.unit_id ? (ctx.q.first(ctx.db.selectFrom('haccp_units').select(['id', 'name']).where('id', '=', row.unit_id)) ?? null) : null,
    deviceSerial: row.device_serial,
    deviceFamily: row.device_family,
    channel: row.channel,
    intervalS: row.interval_s,
    calibrationOffsetCentiC: row.calibration_offset_centi_c,
    calibratedAtMs: row.calibrated_at_ms,
    calibrationDueMs: row.calibration_due_ms,
    active: row.active === 1,
    online: live.online,
    lastReading,
  };
}

export function calibrationHistory(ctx: EngineContext, sensorId: string): CalibrationEvent[] {
  return ctx.q
    .all(ctx.db.selectFrom('calibration_events').selectAll().where('sensor_id', '=', sensorId).orderBy('at_ms', 'desc').orderBy('id', 'desc'))
    .map((r) => ({
      id: r.id,
      sensorId: r.sensor_id,
      atMs: r.at_ms,
      offsetCentiC: r.offset_centi_c,
      previousOffsetCentiC: r.previous_offset_centi_c,
      dueMs: r.due_ms,
      actorName: r.actor_name,
      note: r.note,
    }));
}
