import { dayInZone } from '../../../domain/time/calendar-days';
import { chartSeries } from '../readings/chart-query';
import type { HandlerMap } from '../handler';
import { calibrateSensor } from './calibration';
import { calibrationHistory, sensorRows, sensorView, visibleLocations, visibleSensor } from './sensor-views';
import { updateSensor } from './sensors';

/** "+0.50 °C", "-1.20 °C": an offset's sign always shown. */
function formatOffset(centiC: number): string {
  return `${centiC < 0 ? '-' : '+'}${(Math.abs(centiC) / 100).toFixed(2)} °C`;
}

export const sensorHandlers: HandlerMap<'sensors.list' | 'sensors.update' | 'sensors.calibrate' | 'sensors.calibrationHistory' | 'sensors.chart'> = {
  'sensors.list'(_input, call) {
    return sensorRows(call.ctx, visibleLocations(call)).map((row) => sensorView(call.ctx, row));
  },

  'sensors.update'(input, call) {
    const sensor = visibleSensor(call, input.sensorId);
    const changes: string[] = [];
    if (input.name !== undefined && input.name !== sensor.name) changes.push(`name "${sensor.name}" → "${input.name}"`);
    if (input.unitLabel !== undefined && input.unitLabel !== sensor.unit_label) changes.push(`watches "${sensor.unit_label}" → "${input.unitLabel}"`);
    if (input.intervalS !== undefined && input.intervalS !== sensor.interval_s) changes.push(`interval ${sensor.interval_s} s → ${input.intervalS} s`);
    if (input.active !== undefined && input.active !== (sensor.active === 1)) changes.push(input.active ? 'brought back into use' : 'retired');
    call.commit(
      {
        action: 'sensors.update',
        summary: `Changed sensor "${sensor.name}" (${sensor.device_serial} ${sensor.channel}): ${changes.join(', ') || 'nothing'}`,
        risk: 'LOW',
        entityType: 'sensor',
        entityId: sensor.id,
        locationId: sensor.location_id,
      },
      () => updateSensor(call.ctx, sensor.id, { name: input.name, unitLabel: input.unitLabel, intervalS: input.intervalS, active: input.active }),
    );
    return sensorView(call.ctx, visibleSensor(call, sensor.id));
  },

  'sensors.calibrate'(input, call) {
    const sensor = visibleSensor(call, input.sensorId);
    // Readings taken before the calibration and still waiting for their batch keep the old offset.
    call.ctx.devices()?.flushSensor(sensor.id);
    // The due day is a calendar day at the sensor's location: its midnight there is the day before in UTC east of Greenwich.
    const zone = call.ctx.directory.location(sensor.location_id)?.time_zone;
    const due = input.dueMs === null ? 'no due date' : `next due ${dayInZone(input.dueMs, zone)}`;
    call.commit(
      {
        action: 'sensors.calibrate',
        summary: `Calibrated "${sensor.name}" (${sensor.device_serial} ${sensor.channel}): offset ${formatOffset(sensor.calibration_offset_centi_c)} → ${formatOffset(input.offsetCentiC)}, ${due}${input.note ? `. Note: ${input.note}` : ''}`,
        risk: 'MEDIUM',
        entityType: 'sensor',
        entityId: sensor.id,
        locationId: sensor.location_id,
      },
      () => calibrateSensor(call.ctx, sensor.id, { offsetCentiC: input.offsetCentiC, dueMs: input.dueMs, note: input.note }, call.actor()),
    );
    return sensorView(call.ctx, visibleSensor(call, sensor.id));
  },

  'sensors.calibrationHistory'({ sensorId }, call) {
    return calibrationHistory(call.ctx, visibleSensor(call, sensorId).id);
  },

  'sensors.chart'({ sensorId, fromMs, toMs, buckets }, call) {
    return chartSeries(call.ctx.sqlite, visibleSensor(call, sensorId).id, fromMs, toMs, buckets);
  },
};
