import type { AuditActor, AuditWriter } from '../audit/audit-writer';
import type { Store } from '../store';
import { storeReadings, type StoreReadingsResult } from '../readings/store-readings';
import { ensureSensor, sensorIdFor } from '../sensors/sensors';
import type { ConnectedDevice } from './device-manager';
import { deviceLabel, loggerSensorIdentity } from './device-views';
import type { StoredLog } from './stored-log';

export interface StoredDownload extends StoreReadingsResult {
  sensorId: string;
  /** "Elitech RC-4 #EL20240001", "Lascar EL-USB-2 #4660". */
  loggerName: string;
}

const count = (n: number) => n.toLocaleString('en-US');

/** The sensor's interval must fit the sensor record (5 s to a day); loggers can be set outside it. */
function sensorIntervalS(intervalS: number): number {
  return Math.min(86_400, Math.max(5, Math.round(intervalS)));
}

/**
 * Stores a complete logger download: its sensor (created on first sight), the readings through
 * the local-first write path, and the audit entry — one SQLite transaction, so a failure anywhere
 * stores nothing and the download can simply be run again. Used by the app and the command line.
 */
export function storeLoggerDownload(
  store: Store,
  audit: Pick<AuditWriter, 'append'>,
  download: StoredLog,
  actor: AuditActor,
  /** Name and label for a sensor seen for the first time (the demo's read like a real kitchen). */
  names?: { name: string; unitLabel: string } | null,
): StoredDownload {
  const identity = loggerSensorIdentity(download.model, download.serialNumber, download.family);
  const loggerName = `${deviceLabel({ family: download.family, firmware: download.model })} #${download.serialNumber}`;
  return store.docs.transaction(() => {
    const sensorId = ensureSensor(
      store,
      { deviceSerial: identity.deviceSerial, deviceFamily: identity.deviceFamily, channel: identity.channel },
      { name: names?.name ?? identity.defaultName, unitLabel: names?.unitLabel, intervalS: sensorIntervalS(download.intervalS) },
    );
    const result = storeReadings(
      store,
      sensorId,
      'download',
      download.readings.map((r) => ({ atMs: r.atMs, rawCentiC: r.tempCentiC, humidityCentiPct: r.rhCentiPct ?? null })),
    );
    audit.append(
      {
        action: 'devices.download',
        summary: `Downloaded ${count(download.readings.length)} readings from ${loggerName}: ${count(result.added)} new, ${count(result.alreadyThere)} already there`,
        risk: 'LOW',
        entityType: 'sensor',
        entityId: sensorId,
      },
      actor,
    );
    return { ...result, sensorId, loggerName };
  });
}

/** The sensor of a plugged logger, if it was downloaded before (on this or another PC); else null. */
export function findLoggerSensor(store: Store, logger: Pick<ConnectedDevice, 'firmware' | 'serialNumber'>): string | null {
  const identity = store.identity();
  if (!identity || !logger.serialNumber) return null;
  const who = loggerSensorIdentity(logger.firmware, logger.serialNumber);
  const id = sensorIdFor(identity.tenantId, identity.homeLocationId, who.deviceSerial, who.channel);
  return store.q.first(store.db.selectFrom('sensors').select('id').where('id', '=', id)) ? id : null;
}
