import { join } from 'node:path';
import type { ArchiveStatus } from '../../../domain/contract/report';
import { archiveCutoffMs } from '../../../domain/report/archive-plan';
import type { EngineContext } from '../context';
import { ARCHIVE_FOLDER } from './archive-file';

/** The archived months of these locations, oldest first, and the day before which months are due. */
export function archiveStatus(ctx: EngineContext, locationIds: readonly string[]): ArchiveStatus {
  const retentionMonths = ctx.directory.settings().retentionMonths;
  const rows =
    locationIds.length === 0
      ? []
      : ctx.q.all(
          ctx.db
            .selectFrom('archived_months as a')
            .innerJoin('locations as l', 'l.id', 'a.location_id')
            .select(['a.location_id', 'l.name', 'a.month', 'a.file_name', 'a.readings', 'a.records', 'a.archived_at_ms'])
            .where('a.location_id', 'in', [...locationIds])
            .orderBy('a.month')
            .orderBy('l.name'),
        );
  return {
    retentionMonths,
    archivedBeforeDay: new Date(archiveCutoffMs(ctx.now(), retentionMonths)).toISOString().slice(0, 10),
    folder: join(ctx.dataDir, ARCHIVE_FOLDER),
    months: rows.map((r) => ({
      locationId: r.location_id,
      locationName: r.name,
      month: r.month,
      fileName: r.file_name,
      readings: r.readings,
      records: r.records,
      archivedAtMs: r.archived_at_ms,
    })),
  };
}
