import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { archiveCutoffMs, monthsDue, type MonthSpan } from '../../../domain/report/archive-plan';
import type { AuditActor } from '../audit/audit-writer';
import type { EngineContext } from '../context';
import { loggedReadings } from '../readings/logged-readings';
import type { Store } from '../store';
import { archiveFileName, readArchive, writeArchive, type ArchivedReading, type ArchivedRecord } from './archive-file';

/**
 * The HACCP records of a month, by the table they are copied from and the column that dates them.
 * Only readings leave the everyday tables (they are 99.9 % of the rows: a minute-by-minute sensor is
 * 43,000 a month); these few stay, because sign-off locks and the audit chain's verification read
 * them, and are copied so that the archive file alone is the whole month for an inspector.
 */
const MONTH_RECORDS: readonly { table: string; timeColumn: string }[] = [
  { table: 'corrective_actions', timeColumn: 'at_ms' },
  { table: 'corrective_signoffs', timeColumn: 'at_ms' },
  { table: 'checklist_completions', timeColumn: 'completed_at_ms' },
  { table: 'checklist_signoffs', timeColumn: 'at_ms' },
  { table: 'cooling_events', timeColumn: 'at_ms' },
  { table: 'audit_entries', timeColumn: 'at_ms' },
];

export interface ArchivedMonth {
  locationId: string;
  locationName: string;
  month: string;
  fileName: string;
  readings: number;
  records: number;
}

export interface ArchiveRun {
  archived: ArchivedMonth[];
  /** Months that could not be archived, and why (their readings stay where they were). */
  failed: { locationId: string; month: string; reason: string }[];
  /** Whole months ending on or before this (UTC midnight) were due. */
  cutoffMs: number;
}

function sensorsAt(store: Store, locationId: string): string[] {
  return store.sqlite.prepare('SELECT id FROM sensors WHERE location_id = ? ORDER BY id').pluck().all(locationId) as string[];
}

function inList(ids: readonly string[]): string {
  return ids.map(() => '?').join(', ');
}

/** The earliest time any HACCP record of the location is dated (rollups outlive archived readings, so they say where to start). */
function earliestRecordMs(store: Store, locationId: string, sensorIds: string[]): number | null {
  const times: (number | null)[] = MONTH_RECORDS.map(
    ({ table, timeColumn }) => store.sqlite.prepare(`SELECT MIN(${timeColumn}) FROM ${table} WHERE location_id = ?`).pluck().get(locationId) as number | null,
  );
  if (sensorIds.length > 0) times.push(store.sqlite.prepare(`SELECT MIN(hour_ms) FROM reading_rollups WHERE sensor_id IN (${inList(sensorIds)})`).pluck().get(...sensorIds) as number | null);
  const known = times.filter((t): t is number => t !== null);
  return known.length > 0 ? Math.min(...known) : null;
}

function hotReadings(store: Store, sensorIds: string[], m: MonthSpan): ArchivedReading[] {
  if (sensorIds.length === 0) return [];
  return store.sqlite
    .prepare(
      `SELECT sensor_id, at_ms, temp_centi_c, raw_centi_c, source, humidity_centi_pct, flags FROM readings
        WHERE sensor_id IN (${inList(sensorIds)}) AND at_ms >= ? AND at_ms < ? ORDER BY sensor_id, at_ms`,
    )
    .raw(true)
    .all(...sensorIds, m.startMs, m.endMs) as ArchivedReading[];
}

function monthRecords(store: Store, locationId: string, m: MonthSpan): ArchivedRecord[] {
  return MONTH_RECORDS.flatMap(({ table, timeColumn }) =>
    (store.sqlite.prepare(`SELECT * FROM ${table} WHERE location_id = ? AND ${timeColumn} >= ? AND ${timeColumn} < ? ORDER BY ${timeColumn}, id`).all(locationId, m.startMs, m.endMs) as Record<string, unknown>[]).map(
      (row) => ({ table, row }),
    ),
  );
}

/** Readings already in the archive and those that came back since (a late batch), once each: the archived one wins. */
function mergeReadings(archived: ArchivedReading[], hot: ArchivedReading[]): ArchivedReading[] {
  const seen = new Set(archived.map((r) => `${r[0]}\u0000${r[1]}`));
  const all = [...archived, ...hot.filter((r) => !seen.has(`${r[0]}\u0000${r[1]}`))];
  return all.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] - b[1]));
}

/**
 * Archives every whole month older than the organization's retention, at every location this PC
 * holds: writes the month's readings and HACCP records to its archive file in the data folder, then
 * takes the readings out of the everyday table. The log documents (and so backups, the hub and every
 * other PC) keep every record: archiving frees the hot tables, it never deletes a fact. Runs again
 * safely: an archived month is left alone unless readings of it came back (a late batch), which are
 * then added to its file. One audit entry says what was archived.
 */
export function archiveDueMonths(ctx: EngineContext, actor: AuditActor): ArchiveRun {
  const retention = ctx.directory.settings().retentionMonths;
  const now = ctx.now();
  const run: ArchiveRun = { archived: [], failed: [], cutoffMs: archiveCutoffMs(now, retention) };
  const locations = ctx.q.all(ctx.db.selectFrom('locations').select(['id', 'name']).orderBy('name'));
  for (const location of locations) {
    const sensorIds = sensorsAt(ctx, location.id);
    const earliest = earliestRecordMs(ctx, location.id, sensorIds);
    if (earliest === null) continue;
    for (const m of monthsDue(earliest, now, retention)) {
      try {
        const done = archiveMonth(ctx, location, sensorIds, m);
        if (done) run.archived.push(done);
      } catch (err) {
        run.failed.push({ locationId: location.id, month: m.month, reason: (err as Error).message });
      }
    }
  }
  if (run.archived.length > 0) {
    const readings = run.archived.reduce((n, a) => n + a.readings, 0);
    ctx.docs.transaction(() =>
      ctx.audit.append(
        {
          action: 'haccp.archive',
          summary: `Archived ${run.archived.map((a) => `${a.month} of ${a.locationName}`).join(', ')} (retention ${retention} months): ${readings} readings moved to the archive files, every record kept in the log documents`,
          risk: 'MEDIUM',
        },
        actor,
      ),
    );
  }
  return run;
}

function archiveMonth(ctx: EngineContext, location: { id: string; name: string }, sensorIds: string[], m: MonthSpan): ArchivedMonth | null {
  const existing = ctx.q.first(ctx.db.selectFrom('archived_months').selectAll().where('location_id', '=', location.id).where('month', '=', m.month));
  const hot = hotReadings(ctx, sensorIds, m);
  const fileThere = existing !== undefined && existsSync(join(ctx.dataDir, existing.file_name));
  if (fileThere && hot.length === 0) return null;
  const records = monthRecords(ctx, location.id, m);
  if (!existing && hot.length === 0 && records.length === 0) return null;
  // A file gone missing is written again from the log documents, which hold every reading; a file
  // that was altered throws here (the month is reported, its readings stay where they are).
  const before = !existing ? [] : fileThere ? readArchive(ctx.dataDir, existing.file_name, existing.sha256).readings : [...loggedReadings(ctx, location.id, m.month).values()];
  const readings = mergeReadings(before, hot);
  const header = writeArchive(ctx.dataDir, { header: { locationId: location.id, locationName: location.name, month: m.month, archivedAtMs: ctx.now() }, readings, records });
  const fileName = archiveFileName(location.id, m.month);
  ctx.q.transaction(() => {
    if (sensorIds.length > 0) ctx.sqlite.prepare(`DELETE FROM readings WHERE sensor_id IN (${inList(sensorIds)}) AND at_ms >= ? AND at_ms < ?`).run(...sensorIds, m.startMs, m.endMs);
    ctx.sqlite
      .prepare(
        `INSERT INTO archived_months (location_id, month, file_name, sha256, readings, records, archived_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (location_id, month) DO UPDATE SET file_name = excluded.file_name, sha256 = excluded.sha256, readings = excluded.readings,
           records = excluded.records, archived_at_ms = excluded.archived_at_ms`,
      )
      .run(location.id, m.month, fileName, header.sha256, header.readings, header.records, header.archivedAtMs);
  });
  return { locationId: location.id, locationName: location.name, month: m.month, fileName, readings: header.readings, records: header.records };
}
