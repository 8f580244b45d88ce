import type { EngineContext } from '../context';
import { loggedReadings } from '../readings/logged-readings';
import { readArchive, type ArchivedReading } from './archive-file';

export interface ArchiveCheck {
  locationId: string;
  month: string;
  fileName: string;
  ok: boolean;
  /** Why not, in a sentence; null when ok. */
  problem: string | null;
}

/**
 * Checks every archived month: its file is there and matches the digest the database holds, and
 * the file plus the readings still in the table are exactly the readings of the month's log
 * documents — nothing archived was lost, altered or invented.
 */
export function verifyArchives(store: EngineContext): ArchiveCheck[] {
  const months = store.q.all(store.db.selectFrom('archived_months').selectAll().orderBy('location_id').orderBy('month'));
  return months.map((m) => {
    const base = { locationId: m.location_id, month: m.month, fileName: m.file_name };
    try {
      const archived = readArchive(store.dataDir, m.file_name, m.sha256).readings;
      const logged = loggedReadings(store, m.location_id, m.month);
      const start = Date.parse(`${m.month}-01T00:00:00Z`);
      const end = new Date(start).setUTCMonth(new Date(start).getUTCMonth() + 1);
      const hot = store.sqlite
        .prepare(
          `SELECT r.sensor_id, r.at_ms, r.temp_centi_c, r.raw_centi_c, r.source, r.humidity_centi_pct, r.flags FROM readings r JOIN sensors s ON s.id = r.sensor_id
            WHERE s.location_id = ? AND r.at_ms >= ? AND r.at_ms < ?`,
        )
        .raw(true)
        .all(m.location_id, start, end) as ArchivedReading[];
      const held = new Map<string, ArchivedReading>();
      for (const r of archived) held.set(`${r[0]} ${r[1]}`, r);
      for (const r of hot) if (!held.has(`${r[0]} ${r[1]}`)) held.set(`${r[0]} ${r[1]}`, r);
      for (const [key, value] of logged) {
        const mine = held.get(key);
        if (!mine) return { ...base, ok: false, problem: `The reading ${readingName(key)} is in the log document but neither in the archive nor in the readings table.` };
        if (JSON.stringify(mine) !== JSON.stringify(value)) return { ...base, ok: false, problem: `The reading ${readingName(key)} differs from the log document.` };
      }
      if (held.size !== logged.size) return { ...base, ok: false, problem: `The archive holds ${held.size - logged.size} reading(s) that no log document has.` };
      return { ...base, ok: true, problem: null };
    } catch (err) {
      return { ...base, ok: false, problem: (err as Error).message };
    }
  });
}

function readingName(key: string): string {
  const [sensor, at] = key.split(' ');
  return `of sensor ${sensor} at ${new Date(Number(at)).toISOString()}`;
}
