import type { Kysely } from 'kysely';
import { parseDocName } from '../../../domain/sync/doc-names';
import { OPS_MAPS, sensorRecord } from '../../../domain/sensors/records';
import type { Database } from '../db/schema';
import type { SyncQuery } from '../db/sync-query';
import type { Logger } from '../logger';
import type { MapProjection } from '../sync/projection-registry';

export function sensorsProjection(q: SyncQuery, db: Kysely<Database>, log: Logger): MapProjection {
  return {
    docKind: 'ops',
    map: OPS_MAPS.sensors,
    changes: 'sensors',
    apply({ docName, key, value }) {
      const parsed = sensorRecord.safeParse(value);
      const doc = parseDocName(docName);
      if (!parsed.success || doc?.kind !== 'ops') {
        log.warn({ sensorId: key }, 'skipped a malformed sensor record');
        return;
      }
      const r = parsed.data;
      const row = {
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
      };
      q.run(db.insertInto('sensors').values({ id: key, ...row }).onConflict((oc) => oc.column('id').doUpdateSet(row)));
    },
  };
}
