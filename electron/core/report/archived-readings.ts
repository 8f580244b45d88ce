import type { EngineContext } from '../context';
import { readArchive } from './archive-file';

type Row = [sensorId: string, atMs: number, tempCentiC: number, flags: number];

/**
 * The archived readings of these sensors between two times, read from the archive files of the
 * months they fall in (report-data.ts reads them beside the table, so a report of an archived period
 * shows every reading, and its digest covers them). A missing or altered archive file fails the
 * report with a sentence saying which, rather than print a month as if it had no readings.
 */
export function archivedReadings(ctx: EngineContext, sensorIds: readonly string[], fromMs: number, toMs: number): Row[] {
  if (sensorIds.length === 0) return [];
  const fromMonth = new Date(fromMs).toISOString().slice(0, 7);
  const toMonth = new Date(toMs - 1).toISOString().slice(0, 7);
  const months = ctx.sqlite
    .prepare(
      `SELECT DISTINCT a.file_name, a.sha256 FROM archived_months a JOIN sensors s ON s.location_id = a.location_id
        WHERE s.id IN (${sensorIds.map(() => '?').join(', ')}) AND a.month >= ? AND a.month <= ? ORDER BY a.month`,
    )
    .all(...sensorIds, fromMonth, toMonth) as { file_name: string; sha256: string }[];
  if (months.length === 0) return [];
  const wanted = new Set(sensorIds);
  const out: Row[] = [];
  for (const m of months) {
    for (const [sensorId, atMs, temp, , , , flags] of readArchive(ctx.dataDir, m.file_name, m.sha256).readings) {
      if (wanted.has(sensorId) && atMs >= fromMs && atMs < toMs) out.push([sensorId, atMs, temp, flags]);
    }
  }
  return out;
}

/** The table's rows and the archived ones in one (sensor, time) order, a time held by both once (the table's). */
export function withArchived(hot: Iterable<Row>, archived: Row[]): Row[] {
  const rows = [...hot];
  const seen = new Set(rows.map((r) => `${r[0]} ${r[1]}`));
  for (const r of archived) if (!seen.has(`${r[0]} ${r[1]}`)) rows.push(r);
  return rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
}
