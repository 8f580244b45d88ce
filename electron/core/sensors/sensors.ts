import * as Y from 'yjs';
import { OpsFlowError } from '../../../domain/errors';
import { opsDocName } from '../../../domain/sync/doc-names';
import { DEFAULT_POLL_INTERVAL_S, OPS_MAPS, type SensorRecord } from '../../../domain/sensors/records';
import { sha256Hex } from '../audit/sha256';
import type { Store } from '../store';

export function sensorNotFound(): OpsFlowError {
  return new OpsFlowError('NOT_FOUND', 'That sensor does not exist.');
}

/**
 * A sensor's id follows from the organization, location, device serial and channel, so two PCs that
 * see the same logger name the same sensor and their documents merge instead of duplicating it.
 */
export function sensorIdFor(tenantId: string, locationId: string, deviceSerial: string, channel: string): string {
  return `s-${sha256Hex(`${tenantId}\u0000${locationId}\u0000${deviceSerial}\u0000${channel}`).slice(0, 32)}`;
}

export interface SensorIdentity {
  deviceSerial: string;
  deviceFamily: string;
  channel: string;
}

/** The sensor of a device channel at this PC's location, created with defaults on first sight. */
export function ensureSensor(store: Store, device: SensorIdentity, defaults: { name: string; unitLabel?: string; intervalS?: number }): string {
  const identity = store.identity();
  if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before connecting devices.');
  // By serial first: a probe moved to another address keeps its sensor, whose id came from the old one.
  const bySerial = store.q.first(
    store.db
      .selectFrom('sensors')
      .select('id')
      .where('location_id', '=', identity.homeLocationId)
      .where('device_serial', '=', device.deviceSerial)
      .where('channel', '=', device.channel)
      .orderBy('id'),
  );
  if (bySerial) return bySerial.id;
  const id = freeSensorId(store, identity.tenantId, identity.homeLocationId, device);
  // Calibration belongs to the device's serial number: a logger known at another location keeps it.
  const known = store.q.first(
    store.db
      .selectFrom('sensors')
      .select(['calibration_offset_centi_c', 'calibrated_at_ms', 'calibration_due_ms'])
      .where('device_serial', '=', device.deviceSerial)
      .where('channel', '=', device.channel),
  );
  const record: SensorRecord = {
    ...device,
    name: defaults.name,
    unitLabel: defaults.unitLabel ?? '',
    intervalS: defaults.intervalS ?? DEFAULT_POLL_INTERVAL_S,
    calibrationOffsetCentiC: known?.calibration_offset_centi_c ?? 0,
    calibratedAtMs: known?.calibrated_at_ms ?? null,
    calibrationDueMs: known?.calibration_due_ms ?? null,
    active: true,
    createdAtMs: store.now(),
  };
  store.docs.change(opsDocName(identity.tenantId, identity.homeLocationId), (doc) => {
    doc.getMap(OPS_MAPS.sensors).set(id, new Y.Map(Object.entries(record)));
  });
  return id;
}

/**
 * The derived id, unless a moved probe's sensor holds it under another serial (a new probe put at
 * the address the old one left): then the next id derived with a counter, the same on every PC.
 */
function freeSensorId(store: Store, tenantId: string, locationId: string, device: SensorIdentity): string {
  for (let n = 1; ; n++) {
    const id = sensorIdFor(tenantId, locationId, n === 1 ? device.deviceSerial : `${device.deviceSerial}\u0000${n}`, device.channel);
    if (!store.q.first(store.db.selectFrom('sensors').select('id').where('id', '=', id))) return id;
  }
}

/** The sensors at this PC's location named by one device serial take another (a probe given a new address). */
export function moveSensorsToSerial(store: Store, fromSerial: string, toSerial: string): void {
  const identity = store.identity();
  if (!identity) return;
  const moved = store.q.all(
    store.db.selectFrom('sensors').select('id').where('location_id', '=', identity.homeLocationId).where('device_serial', '=', fromSerial),
  );
  for (const { id } of moved) updateSensor(store, id, { deviceSerial: toSerial });
}

export function updateSensor(store: Store, sensorId: string, fields: Partial<SensorRecord>): void {
  const sensor = store.q.first(store.db.selectFrom('sensors').select('location_id').where('id', '=', sensorId));
  const identity = store.identity();
  if (!sensor || !identity) throw sensorNotFound();
  store.docs.change(opsDocName(identity.tenantId, sensor.location_id), (doc) => {
    const record = doc.getMap(OPS_MAPS.sensors).get(sensorId);
    if (!(record instanceof Y.Map)) throw sensorNotFound();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) record.set(k, v);
  });
}
