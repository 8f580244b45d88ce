import { parseDocName } from '../sync/doc-names';
import { skippedFor, type Skipped } from '../sync/rows';
import { decodeCalibrationBatch } from './calibration-batch';
import { sensorRecord } from './records';

/** Rows of the tables projected from a location's ops document and its log (see ../sync/rows.ts). */
export interface SensorsRow {
  id: string;
  location_id: string;
  device_serial: string;
  device_family: string;
  channel: string;
  name: string;
  unit_label: string;
  interval_s: number;
  calibration_offset_centi_c: number;
  calibrated_at_ms: number | null;
  calibration_due_ms: number | null;
  /** 1 or 0. */
  active: number;
  created_at_ms: number;
  /** The HACCP unit it watches; null for none. */
  unit_id: string | null;
}

export interface CalibrationEventsRow {
  id: string;
  sensor_id: string;
  device_serial: string;
  channel: string;
  offset_centi_c: number;
  previous_offset_centi_c: number;
  at_ms: number;
  due_ms: number | null;
  actor_name: string;
  note: string;
}

/** A sensor record (key: the sensor's id) in the ops document of a location is one row of `sensors`, at that location. */
export function sensorRows(docName: string, key: string, value: unknown): { sensor: SensorsRow } | Skipped {
  const doc = parseDocName(docName);
  if (doc?.kind !== 'ops') return { skipped: `${docName} is not a location's ops document` };
  const parsed = sensorRecord.safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  const r = parsed.data;
  return {
    sensor: {
      id: key,
      location_id: doc.locationId,
      device_serial: r.deviceSerial,
      device_family: r.deviceFamily,
      channel: r.channel,
      name: r.name,
      unit_label: r.unitLabel,
      interval_s: r.intervalS,
      calibration_offset_centi_c: r.calibrationOffsetCentiC,
      calibrated_at_ms: r.calibratedAtMs,
      calibration_due_ms: r.calibrationDueMs,
      active: r.active ? 1 : 0,
      created_at_ms: r.createdAtMs,
      unit_id: r.unitId ?? null,
    },
  };
}

/**
 * A batch of calibration events is one row of `calibration_events` each. Events are immutable:
 * a row already there (same id) stays as it is. A damaged batch is skipped whole.
 */
export function calibrationRows(batch: Uint8Array): { calibrationEvents: CalibrationEventsRow[] } | Skipped {
  let facts;
  try {
    facts = decodeCalibrationBatch(batch);
  } catch (err) {
    return { skipped: (err as Error).message };
  }
  return {
    calibrationEvents: facts.map((f) => ({
      id: f.id,
      sensor_id: f.sensorId,
      device_serial: f.deviceSerial,
      channel: f.channel,
      offset_centi_c: f.offsetCentiC,
      previous_offset_centi_c: f.previousOffsetCentiC,
      at_ms: f.atMs,
      due_ms: f.dueMs,
      actor_name: f.actorName,
      note: f.note,
    })),
  };
}
