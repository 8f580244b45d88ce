import { Paper, SimpleGrid, Text } from '@mantine/core';
import type { BackupInfo } from '../../domain/contract/index';
import { useTimeFormat } from '../time/time-format';
import { formatFileSize } from './file-size';

/** What a backup file holds, as the engine read it (without touching the current data). */
export function BackupContents({ info, timeZone }: { info: BackupInfo; timeZone?: string }) {
  const time = useTimeFormat();
  const rows: [string, string][] = [
    ['Created', time.dateTime(info.createdAtMs, timeZone)],
    ['Organization', info.organizationName],
    ['Users', String(info.counts.users)],
    ['Locations', String(info.counts.locations)],
    ['Audit entries', info.counts.auditEntries.toLocaleString()],
    ['Size', formatFileSize(info.sizeBytes)],
    ['Schema version', String(info.schemaVersion)],
    ['Written by', info.recorded ? `OpsFlow, ${time.dateTime(info.recorded.atMs, timeZone)}, ${info.recorded.actorName}` : 'No record: a foreign file'],
  ];
  return (
    <Paper withBorder p="sm" component="section" aria-label="Backup contents">
      <SimpleGrid cols={{ base: 2, md: 4 }} spacing="sm" verticalSpacing={6} component="dl" m={0}>
        {rows.map(([term, value]) => (
          <div key={term}>
            <Text component="dt" size="xs" c="dimmed">
              {term}
            </Text>
            <Text component="dd" size="sm" fw={500} m={0}>
              {value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
    </Paper>
  );
}
