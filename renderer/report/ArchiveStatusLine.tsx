import { Text } from '@mantine/core';
import type { ArchiveStatus } from '../../domain/contract/report';
import { useApiQuery } from '../bridge/use-api-query';
import { ErrorAlert } from '../shell/ErrorAlert';

/** "2024-01 to 2024-03": the archived months in one span when they follow each other, else listed. */
export function archivedMonthsText(status: ArchiveStatus): string {
  const months = [...new Set(status.months.map((m) => m.month))].sort();
  const rule = `Each day, whole months that ended before ${status.archivedBeforeDay} (the ${status.retentionMonths}-month retention) move to the archive.`;
  if (months.length === 0) return `Nothing is archived yet. ${rule}`;
  const readings = status.months.reduce((n, m) => n + m.readings, 0);
  const span = months.length === 1 ? months[0] : `${months[0]} to ${months[months.length - 1]}`;
  return `Archived: ${span} (${months.length} month${months.length === 1 ? '' : 's'}, ${readings.toLocaleString('en-US')} readings) in ${status.folder}. Reports for those dates read the archive, and every record stays in the data and its backups. ${rule}`;
}

/** The Reports screen's line on what is archived, and where. */
export function ArchiveStatusLine() {
  const status = useApiQuery('report.archiveStatus', {}, { refreshOn: ['readings', 'settings'] });
  return (
    <>
      <ErrorAlert error={status.error} />
      {status.data && (
        <Text size="sm" c="dimmed" aria-label="Archive">
          {archivedMonthsText(status.data)}
        </Text>
      )}
    </>
  );
}
