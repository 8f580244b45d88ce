import type { ReadingsExport } from '../../../domain/contract/readings';
import { formatPlainCsv } from '../../../domain/readings/import/plain-export';
import { dayInZone } from '../../../domain/time/calendar-days';
import type { Store } from '../store';

export interface StoredReadings {
  atMs: number[];
  tempCentiC: number[];
  humidityCentiPct: (number | null)[];
}

/** A sensor's stored readings (calibrated) from `fromMs` up to, not including, `toMs`, oldest first. */
export function storedReadings(store: Store, sensorId: string, fromMs: number, toMs: number): StoredReadings {
  const out: StoredReadings = { atMs: [], tempCentiC: [], humidityCentiPct: [] };
  const rows = store.sqlite
    .prepare('SELECT at_ms, temp_centi_c, humidity_centi_pct FROM readings WHERE sensor_id = ? AND at_ms >= ? AND at_ms < ? ORDER BY at_ms')
    .raw()
    .iterate(sensorId, fromMs, toMs) as IterableIterator<[number, number, number | null]>;
  for (const [at, temp, humidity] of rows) {
    out.atMs.push(at);
    out.tempCentiC.push(temp);
    out.humidityCentiPct.push(humidity);
  }
  return out;
}

/** "Walk-in cooler" → "walk-in-cooler". */
function fileStem(name: string): string {
  return (
    name
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '') || 'sensor'
  );
}

/** A sensor's readings in the plain format, times in its location's zone. */
export function exportReadings(store: Store, sensor: { id: string; name: string; location_id: string }, fromMs: number, toMs: number): ReadingsExport {
  const zone = store.q.first(store.db.selectFrom('locations').select('time_zone').where('id', '=', sensor.location_id))?.time_zone ?? 'UTC';
  const readings = storedReadings(store, sensor.id, fromMs, toMs);
  return {
    csv: formatPlainCsv(readings, zone),
    readings: readings.atMs.length,
    fileName: `${fileStem(sensor.name)}-${dayInZone(fromMs, zone)}-to-${dayInZone(toMs - 1, zone)}.csv`,
  };
}
