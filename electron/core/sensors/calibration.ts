import { v7 as uuidv7 } from 'uuid';
import { encodeCalibrationBatch, type CalibrationFact } from '../../../domain/sensors/calibration-batch';
import { logDocName } from '../../../domain/sync/doc-names';
import type { AuditActor } from '../audit/audit-writer';
import type { Store } from '../store';
import { sensorNotFound, updateSensor } from './sensors';
import { appendFactBatch } from '../sync/fact-batches';

export interface CalibrationChange {
  offsetCentiC: number;
  dueMs: number | null;
  note: string;
}

/**
 * Sets a sensor's calibration offset. The sensor record (mutable state) takes the new offset, so
 * readings stored from now on use it; the change itself is kept as an immutable fact in the month's
 * log document, the sensor's calibration history. Stored readings are never rewritten.
 */
export function calibrateSensor(store: Store, sensorId: string, change: CalibrationChange, actor: AuditActor): CalibrationFact {
  const identity = store.identity();
  const sensor = store.q.first(
    store.db.selectFrom('sensors').select(['location_id', 'device_serial', 'channel', 'calibration_offset_centi_c']).where('id', '=', sensorId),
  );
  if (!identity || !sensor) throw sensorNotFound();
  const atMs = store.now();
  const fact: CalibrationFact = {
    id: uuidv7(),
    sensorId,
    deviceSerial: sensor.device_serial,
    channel: sensor.channel,
    atMs,
    offsetCentiC: change.offsetCentiC,
    previousOffsetCentiC: sensor.calibration_offset_centi_c,
    dueMs: change.dueMs,
    actorId: actor.id,
    actorName: actor.name,
    note: change.note,
  };
  store.docs.transaction(() => {
    updateSensor(store, sensorId, { calibrationOffsetCentiC: change.offsetCentiC, calibratedAtMs: atMs, calibrationDueMs: change.dueMs });
    const batch = encodeCalibrationBatch([fact]);
    store.docs.change(logDocName(identity.tenantId, sensor.location_id, atMs), (doc) => {
      appendFactBatch(doc, batch);
    });
  });
  return fact;
}
