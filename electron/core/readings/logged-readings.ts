import { decodeReadingsBatch } from '../../../domain/readings/readings-batch';
import { readingSourceCode } from '../../../domain/readings/reading-source';
import { logDocName } from '../../../domain/sync/doc-names';
import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import { forEachLoggedBatch } from '../audit/log-documents';
import type { Store } from '../store';

/** A reading as the readings table holds it: sensor, time, calibrated and raw hundredths of °C, source code, humidity, judge flags. */
export type ReadingRow = [sensorId: string, atMs: number, tempCentiC: number, rawCentiC: number, source: number, humidityCentiPct: number | null, flags: number];

/**
 * The readings of a month as the log documents hold them (what a re-projection would write), keyed
 * "sensor time": the first batch's reading wins, as the projection's INSERT OR IGNORE does.
 */
export function loggedReadings(store: Store, locationId: string, month: string): Map<string, ReadingRow> {
  const identity = store.identity();
  const out = new Map<string, ReadingRow>();
  if (!identity) return out;
  const docName = logDocName(identity.tenantId, locationId, Date.parse(`${month}-01T00:00:00Z`));
  forEachLoggedBatch(store.q, docName, (bytes, _view, start, end) => {
    if (bytes[start] !== BATCH_KIND.readings) return;
    let batch;
    try {
      batch = decodeReadingsBatch(bytes.subarray(start, end));
    } catch {
      return; // the projection skips a damaged batch too
    }
    const source = readingSourceCode(batch.source);
    batch.atMs.forEach((at, i) => {
      const key = `${batch.sensorId} ${at}`;
      if (!out.has(key)) out.set(key, [batch.sensorId, at, batch.tempCentiC[i]!, batch.rawCentiC[i]!, source, batch.humidityCentiPct?.[i] ?? null, batch.flags?.[i] ?? 0]);
    });
  });
  return out;
}

/**
 * The times of a sensor's readings between two times that are in archived months (report/archive-months.ts
 * takes them out of the readings table), read from the log documents: storing them again would add
 * nothing but a second copy.
 */
export function archivedReadingTimes(store: Store, locationId: string, sensorId: string, fromMs: number, toMs: number): number[] {
  const fromMonth = new Date(fromMs).toISOString().slice(0, 7);
  const toMonth = new Date(toMs).toISOString().slice(0, 7);
  const months = store.sqlite
    .prepare('SELECT month FROM archived_months WHERE location_id = ? AND month >= ? AND month <= ? ORDER BY month')
    .pluck()
    .all(locationId, fromMonth, toMonth) as string[];
  const times: number[] = [];
  for (const month of months) {
    for (const [sensor, at] of loggedReadings(store, locationId, month).values()) if (sensor === sensorId && at >= fromMs && at <= toMs) times.push(at);
  }
  return times;
}

/** A sensor's stored reading times between two times (both included), ascending: the table's and the archived ones. */
export function storedReadingTimes(store: Store, locationId: string, sensorId: string, fromMs: number, toMs: number): number[] {
  const inTable = store.sqlite.prepare('SELECT at_ms FROM readings WHERE sensor_id = ? AND at_ms BETWEEN ? AND ? ORDER BY at_ms').pluck().all(sensorId, fromMs, toMs) as number[];
  // Readings of archived months left the table but not the log documents: they count as stored.
  const archived = archivedReadingTimes(store, locationId, sensorId, fromMs, toMs);
  return archived.length === 0 ? inTable : [...inTable, ...archived].sort((a, b) => a - b);
}
