import * as Y from 'yjs';
import { LISTED_BAD_LINES, type ReadingsImportView } from '../../../domain/contract/readings';
import { OpsFlowError } from '../../../domain/errors';
import { FORMAT_LABELS } from '../../../domain/readings/import/file-layouts';
import { readReadingsFile, type ReadingsFile } from '../../../domain/readings/import/readings-file';
import { newReadingIndexes } from '../../../domain/readings/reading-rows';
import { DEFAULT_POLL_INTERVAL_S, OPS_MAPS, type SensorRecord } from '../../../domain/sensors/records';
import { opsDocName } from '../../../domain/sync/doc-names';
import type { AuditActor, AuditWriter } from '../audit/audit-writer';
import { sha256Hex } from '../audit/sha256';
import { sensorIdFor, updateSensor } from '../sensors/sensors';
import type { Store } from '../store';
import { storeReadings, type RawReading } from './store-readings';
import { storedReadingTimes } from './logged-readings';

export interface ImportRequest {
  text: string;
  fileName: string;
  sensorName: string;
  locationId: string;
  skipBad: boolean;
  /** The monitored unit a sensor the import creates watches (before its readings are judged); an existing sensor keeps its own. */
  unit?: { id: string; name: string; locationId: string };
}

/** Sensors made by an import are a device family of their own: no device stands behind them. */
export const IMPORT_DEVICE_FAMILY = 'import';
const IMPORT_CHANNEL = 'file';

const count = (n: number) => n.toLocaleString('en-US');

/** The sensor of that name at the location (names are compared as a person reads them: case and spaces aside). */
export function sensorNamed(store: Store, locationId: string, name: string): { id: string; name: string; calibration_offset_centi_c: number } | null {
  const wanted = name.trim().toLowerCase();
  const matches = store.q
    .all(store.db.selectFrom('sensors').select(['id', 'name', 'calibration_offset_centi_c']).where('location_id', '=', locationId))
    .filter((s) => s.name.trim().toLowerCase() === wanted);
  if (matches.length > 1) {
    throw new OpsFlowError('CONFLICT', `${matches.length} sensors at this location are called "${name}". Rename one of them (Sensors), then import again.`);
  }
  return matches[0] ?? null;
}

/** The logger's interval as the file shows it (the most common step), within what a sensor record allows. */
function typicalIntervalS(atMs: readonly number[]): number {
  if (atMs.length < 2) return DEFAULT_POLL_INTERVAL_S;
  const steps = new Map<number, number>();
  for (let i = 1; i < Math.min(atMs.length, 1000); i++) {
    const step = Math.round(Math.abs(atMs[i]! - atMs[i - 1]!) / 1000);
    steps.set(step, (steps.get(step) ?? 0) + 1);
  }
  const [step] = [...steps.entries()].sort((a, b) => b[1] - a[1])[0]!;
  return Math.min(86_400, Math.max(5, step));
}

/** "line 3: …; line 7: …; and 12 more": the bad lines of a file, the first few spelled out. */
function describeBadLines(file: ReadingsFile): string {
  const shown = file.badLines.slice(0, 5).map((b) => `line ${b.line}: ${b.reason}`);
  const more = file.badLines.length - shown.length;
  return `${shown.join('; ')}${more > 0 ? `; and ${count(more)} more` : ''}`;
}

function isAscending(times: readonly number[]): boolean {
  for (let i = 1; i < times.length; i++) if (times[i]! < times[i - 1]!) return false;
  return true;
}

interface Plan {
  file: ReadingsFile;
  sensor: { id: string; name: string } | null;
  view: ReadingsImportView;
}

/** Reads the file and says what importing it would do; writes nothing. */
export function planImport(store: Store, request: ImportRequest): Plan {
  const location = store.q.first(store.db.selectFrom('locations').select(['id', 'time_zone']).where('id', '=', request.locationId));
  if (!location) throw new OpsFlowError('NOT_FOUND', 'That location does not exist or is not yours.');
  const file = readReadingsFile(request.text, { timeZone: location.time_zone });
  const sensor = sensorNamed(store, location.id, request.sensorName);

  let alreadyThere = 0;
  if (sensor && file.atMs.length > 0) {
    const sorted = isAscending(file.atMs) ? file.atMs : [...file.atMs].sort((a, b) => a - b);
    const stored = storedReadingTimes(store, location.id, sensor.id, sorted[0]!, sorted[sorted.length - 1]!);
    alreadyThere = sorted.length - newReadingIndexes(sorted, stored).length;
  }
  let minCentiC: number | null = null;
  let maxCentiC: number | null = null;
  let firstAtMs: number | null = null;
  let lastAtMs: number | null = null;
  for (let i = 0; i < file.atMs.length; i++) {
    const t = file.tempCentiC[i]!;
    const at = file.atMs[i]!;
    if (minCentiC === null || t < minCentiC) minCentiC = t;
    if (maxCentiC === null || t > maxCentiC) maxCentiC = t;
    if (firstAtMs === null || at < firstAtMs) firstAtMs = at;
    if (lastAtMs === null || at > lastAtMs) lastAtMs = at;
  }
  return {
    file,
    sensor,
    view: {
      format: file.format,
      formatLabel: FORMAT_LABELS[file.format],
      fileName: request.fileName,
      locationId: location.id,
      sensorId: sensor?.id ?? null,
      sensorName: sensor?.name ?? request.sensorName.trim(),
      newSensor: sensor === null,
      unit: file.unit,
      readings: file.atMs.length,
      firstAtMs,
      lastAtMs,
      minCentiC,
      maxCentiC,
      withHumidity: file.humidityCentiPct?.filter((h) => h !== null).length ?? 0,
      noReadingRows: file.noReadingRows,
      repeatedRows: file.repeatedRows,
      loggerModel: file.model,
      loggerSerial: file.serialNumber,
      badLines: file.badLines.slice(0, LISTED_BAD_LINES),
      badLineCount: file.badLines.length,
      added: file.atMs.length - alreadyThere,
      alreadyThere,
      imported: false,
    },
  };
}

/** A new sensor for readings from a file: its id follows from its name, so two PCs importing for "Walk-in" agree. */
function createImportSensor(store: Store, locationId: string, name: string, intervalS: number): string {
  const identity = store.identity()!;
  const serial = `file-${sha256Hex(name.trim().toLowerCase()).slice(0, 16)}`;
  let id = sensorIdFor(identity.tenantId, locationId, serial, IMPORT_CHANNEL);
  for (let n = 2; store.q.first(store.db.selectFrom('sensors').select('id').where('id', '=', id)); n++) {
    id = sensorIdFor(identity.tenantId, locationId, `${serial}\u0000${n}`, IMPORT_CHANNEL);
  }
  const record: SensorRecord = {
    deviceSerial: serial,
    deviceFamily: IMPORT_DEVICE_FAMILY,
    channel: IMPORT_CHANNEL,
    name: name.trim(),
    unitLabel: '',
    intervalS,
    calibrationOffsetCentiC: 0,
    calibratedAtMs: null,
    calibrationDueMs: null,
    active: true,
    createdAtMs: store.now(),
  };
  store.docs.change(opsDocName(identity.tenantId, locationId), (doc) => {
    doc.getMap(OPS_MAPS.sensors).set(id, new Y.Map(Object.entries(record)));
  });
  return id;
}

/**
 * Imports a readings file through the one way readings are stored (storeReadings: calibrated with
 * the sensor's offset, deduplicated on (sensor, time), judged by the reading judges), with the new
 * sensor if there is none and the audit entry, in one transaction. A file with bad lines imports
 * nothing unless `skipBad`; then the good rows go in and the entry says how many lines were left out.
 */
function sensorUnitId(store: Store, sensorId: string): string | null {
  return store.q.first(store.db.selectFrom('sensors').select('unit_id').where('id', '=', sensorId))?.unit_id ?? null;
}

export function importReadingsFile(store: Store, audit: Pick<AuditWriter, 'append'>, request: ImportRequest, actor: AuditActor): ReadingsImportView {
  if (!store.identity()) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before importing readings.');
  const { file, sensor, view } = planImport(store, request);
  if (file.badLines.length > 0 && !request.skipBad) {
    throw new OpsFlowError(
      'BAD_INPUT',
      `Nothing was imported: ${count(file.badLines.length)} ${file.badLines.length === 1 ? 'line' : 'lines'} of the file could not be read (${describeBadLines(file)}). Correct the file, or import only the good rows (skip bad lines).`,
      { badLines: view.badLines, badLineCount: view.badLineCount },
    );
  }
  if (file.atMs.length === 0) throw new OpsFlowError('BAD_INPUT', 'The file has no readings to import.');
  const { unit } = request;
  if (unit && unit.locationId !== request.locationId) throw new OpsFlowError('BAD_INPUT', `"${unit.name}" is at another location; a sensor watches a unit where it is.`);
  if (unit && sensor && sensorUnitId(store, sensor.id) !== unit.id) {
    throw new OpsFlowError('BAD_INPUT', `"${sensor.name}" already exists and does not watch "${unit.name}": assign it first (opsflow sensors assign), then import.`);
  }

  const raws: RawReading[] = new Array(file.atMs.length);
  for (let i = 0; i < raws.length; i++) raws[i] = { atMs: file.atMs[i]!, rawCentiC: file.tempCentiC[i]!, humidityCentiPct: file.humidityCentiPct?.[i] ?? null };

  return store.docs.transaction(() => {
    const sensorId = sensor?.id ?? createImportSensor(store, request.locationId, request.sensorName, typicalIntervalS(file.atMs));
    // Assigned before the readings are stored: each is judged against the unit's limit as it goes in.
    if (unit && !sensor) updateSensor(store, sensorId, { unitId: unit.id });
    const stored = storeReadings(store, sensorId, 'import', raws);
    const from = request.fileName ? ` "${request.fileName}"` : '';
    const skipped = file.badLines.length > 0 ? `; ${count(file.badLines.length)} bad ${file.badLines.length === 1 ? 'line' : 'lines'} left out` : '';
    audit.append(
      {
        action: 'sensors.importReadings',
        summary: `Imported ${count(file.atMs.length)} readings into "${view.sensorName}"${sensor ? '' : ` (new sensor${unit ? ` watching "${unit.name}"` : ''})`} from the ${view.formatLabel}${from}: ${count(stored.added)} new, ${count(stored.alreadyThere)} already there${skipped}`,
        // Readings from a file did not come from a device: worth a look in a HACCP review.
        risk: 'MEDIUM',
        entityType: 'sensor',
        entityId: sensorId,
        locationId: request.locationId,
      },
      actor,
    );
    return { ...view, sensorId, added: stored.added, alreadyThere: stored.alreadyThere, imported: true };
  });
}
