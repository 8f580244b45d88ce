import { Button, Table, Text } from '@mantine/core';
import type { BackupStatus } from '../../domain/contract/index';
import { useTimeFormat } from '../time/time-format';
import { formatFileSize } from './file-size';

export function BackupList({
  backups,
  timeZone,
  onPick,
}: {
  backups: BackupStatus['backups'];
  timeZone?: string;
  /** Absent for someone who may not restore: the list is then for reading only. */
  onPick?: (path: string) => void;
}) {
  const time = useTimeFormat();
  if (backups.length === 0) return <Text size="sm">No backups in the folder yet.</Text>;
  return (
    <Table.ScrollContainer minWidth={700} maxHeight={260}>
      <Table striped withTableBorder stickyHeader aria-label="Backups">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Created</Table.Th>
            <Table.Th scope="col">Size</Table.Th>
            <Table.Th scope="col">File</Table.Th>
            {onPick && (
              <Table.Th scope="col" ta="right">
                Restore
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {backups.map((backup) => {
            const created = time.dateTime(backup.createdAtMs, timeZone);
            return (
              <Table.Tr key={backup.path}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{created}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatFileSize(backup.sizeBytes)}</Table.Td>
                <Table.Td>
                  <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }}>
                    {backup.path}
                  </Text>
                </Table.Td>
                {onPick && (
                  <Table.Td ta="right">
                    <Button variant="subtle" size="xs" aria-label={`Restore the backup of ${created}…`} onClick={() => onPick(backup.path)}>
                      Restore…
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
