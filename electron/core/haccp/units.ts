import { v7 as uuidv7 } from 'uuid';
import * as Y from 'yjs';
import { OpsFlowError } from '../../../domain/errors';
import { DEFAULT_ALARM_DELAY_MIN, type UnitType } from '../../../domain/haccp/limits';
import { HACCP_OPS_MAPS, type UnitRecord } from '../../../domain/haccp/records';
import { opsDocName } from '../../../domain/sync/doc-names';
import { updateSensor } from '../sensors/sensors';
import type { Store } from '../store';

export function unitNotFound(): OpsFlowError {
  return new OpsFlowError('NOT_FOUND', 'That unit does not exist or is not at your locations.');
}

function tenantOf(store: Store): string {
  const identity = store.identity();
  if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before adding units.');
  return identity.tenantId;
}

export interface NewUnit {
  name: string;
  type: UnitType;
  limitCentiC?: number | null;
  alarmDelayMin?: number;
}

/** A monitored unit at a location, with the Food Code's default limit unless one is given. */
export function addUnit(store: Store, locationId: string, fields: NewUnit): string {
  const id = uuidv7();
  const record: UnitRecord = {
    name: fields.name,
    type: fields.type,
    limitCentiC: fields.limitCentiC ?? null,
    alarmDelayMin: fields.alarmDelayMin ?? DEFAULT_ALARM_DELAY_MIN,
    active: true,
    createdAtMs: store.now(),
  };
  store.docs.change(opsDocName(tenantOf(store), locationId), (doc) => {
    doc.getMap(HACCP_OPS_MAPS.units).set(id, new Y.Map(Object.entries(record)));
  });
  return id;
}

export function updateUnit(store: Store, unitId: string, fields: Partial<UnitRecord>): void {
  const unit = store.q.first(store.db.selectFrom('haccp_units').select('location_id').where('id', '=', unitId));
  if (!unit) throw unitNotFound();
  store.docs.change(opsDocName(tenantOf(store), unit.location_id), (doc) => {
    const record = doc.getMap(HACCP_OPS_MAPS.units).get(unitId);
    if (!(record instanceof Y.Map)) throw unitNotFound();
    for (const [k, v] of Object.entries(fields)) if (v !== undefined) record.set(k, v);
  });
}

/** From now on the sensor's readings are judged against this unit's limit (null: none). */
export function assignSensor(store: Store, sensorId: string, unitId: string | null): void {
  updateSensor(store, sensorId, { unitId });
}
