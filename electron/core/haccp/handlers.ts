import { OpsFlowError } from '../../../domain/errors';
import { DEFAULT_LIMITS, isInRange, limitOf } from '../../../domain/haccp/limits';
import { verdictOf } from '../../../domain/haccp/verdict';
import type { HandlerMap } from '../handler';
import { storeReadings } from '../readings/store-readings';
import { ensureSensor } from '../sensors/sensors';
import { visibleLocations, visibleSensor } from '../sensors/sensor-views';
import { listExcursions } from './excursion-queries';
import { assignSensor } from './units';
import { addUnitAudited, assignSensorAudited, updateUnitAudited } from './unit-changes';
import { celsius, limitWords, unitRowsAt, unitTypeOf, unitView, visibleUnit } from './unit-views';

type HaccpMethods = 'haccp.listUnits' | 'haccp.addUnit' | 'haccp.updateUnit' | 'haccp.assignSensor' | 'haccp.recordReading' | 'haccp.excursions';

/** The hand probe of a unit: manual readings are readings of a sensor of their own, watching the unit. */
export const HAND_PROBE_FAMILY = 'manual';

export const haccpHandlers: HandlerMap<HaccpMethods> = {
  'haccp.listUnits'({ locationId }, call) {
    const visible = visibleLocations(call);
    const at = locationId === undefined ? visible : visible.filter((l) => l === locationId);
    return unitRowsAt(call.ctx, at).map((row) => unitView(call.ctx, row));
  },

  'haccp.addUnit'(input, call) {
    const { ctx } = call;
    const locationId = input.locationId ?? ctx.identity()?.homeLocationId;
    if (!locationId) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before adding units.');
    const location = ctx.directory.location(locationId);
    const notFound = new OpsFlowError('NOT_FOUND', 'That location does not exist or is not yours to manage.', { locationId });
    if (!location) throw notFound;
    if (!visibleLocations(call).includes(locationId)) call.refuse(notFound, `location "${location.name}" is not granted to the caller`, { entityType: 'location', entityId: locationId, locationId });
    const id = addUnitAudited(ctx, call.commit, locationId, input);
    return unitView(ctx, visibleUnit(call, id));
  },

  'haccp.updateUnit'(input, call) {
    const unit = visibleUnit(call, input.unitId);
    updateUnitAudited(call.ctx, call.commit, unit, input);
    return unitView(call.ctx, visibleUnit(call, unit.id));
  },

  'haccp.assignSensor'({ sensorId, unitId }, call) {
    const sensor = visibleSensor(call, sensorId);
    const unit = unitId === null ? null : visibleUnit(call, unitId);
    assignSensorAudited(call.ctx, call.commit, sensor, unit);
    return unit ? unitView(call.ctx, visibleUnit(call, unit.id)) : null;
  },

  'haccp.recordReading'({ unitId, tempCentiC, atMs }, call) {
    const { ctx } = call;
    const unit = visibleUnit(call, unitId);
    if (unit.active !== 1) throw new OpsFlowError('BAD_INPUT', `"${unit.name}" is retired; bring it back into use before recording readings for it.`);
    if (unit.location_id !== ctx.identity()?.homeLocationId) {
      throw new OpsFlowError('BAD_INPUT', `Readings for "${unit.name}" are taken at its own restaurant's PC.`);
    }
    const takenAtMs = atMs ?? ctx.now();
    if (takenAtMs > ctx.now() + 60_000) throw new OpsFlowError('BAD_INPUT', 'A reading cannot be taken in the future.');
    const limit = limitOf(unitTypeOf(unit), unit.limit_centi_c);
    return call.commit(
      {
        action: 'haccp.recordReading',
        summary: `Recorded ${celsius(tempCentiC)} by hand for "${unit.name}" (${isInRange(tempCentiC, limit) ? 'in range' : 'OUT OF RANGE'}, limit ${limitWords(limit.kind, limit.limitCentiC)})`,
        risk: 'LOW',
        entityType: 'haccpUnit',
        entityId: unit.id,
        locationId: unit.location_id,
      },
      () => {
        const sensorId = ensureSensor(ctx, { deviceSerial: `hand-${unit.id}`, deviceFamily: HAND_PROBE_FAMILY, channel: 'probe' }, { name: `${unit.name} (hand probe)`, unitLabel: unit.name });
        assignSensor(ctx, sensorId, unit.id);
        const result = storeReadings(ctx, sensorId, 'manual', [{ atMs: takenAtMs, rawCentiC: tempCentiC }]);
        if (result.added === 0) throw new OpsFlowError('CONFLICT', 'A reading for this unit at that exact time is already recorded.');
        const flags = ctx.sqlite.prepare('SELECT flags FROM readings WHERE sensor_id = ? AND at_ms = ?').pluck().get(sensorId, takenAtMs) as number;
        const verdict = verdictOf(flags) ?? { inRange: true, limit: DEFAULT_LIMITS[unitTypeOf(unit)] };
        return { sensorId, inRange: verdict.inRange, limitCentiC: verdict.limit.limitCentiC };
      },
    );
  },

  'haccp.excursions'({ locationId, unitId, fromMs, toMs }, call) {
    const visible = visibleLocations(call);
    if (unitId !== undefined) visibleUnit(call, unitId);
    return listExcursions(call.ctx, { locationIds: locationId === undefined ? visible : visible.filter((l) => l === locationId), unitId, fromMs, toMs });
  },
};
