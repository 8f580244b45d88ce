import { Table, Text } from '@mantine/core';
import type { CalibrationEvent } from '../../domain/contract/index';
import { useTimeFormat } from '../time/time-format';
import { formatTemperatureDelta, type TemperatureUnit } from './temperature';

export function CalibrationHistoryTable({ events, unit, timeZone }: { events: CalibrationEvent[]; unit: TemperatureUnit; timeZone: string | undefined }) {
  const time = useTimeFormat();
  if (events.length === 0) return <Text size="sm">No calibrations recorded yet.</Text>;
  const newestFirst = [...events].sort((a, b) => b.atMs - a.atMs);
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table striped withTableBorder aria-label="Calibration history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={150}>
              When
            </Table.Th>
            <Table.Th scope="col" w={150}>
              By
            </Table.Th>
            <Table.Th scope="col" w={110}>
              Offset
            </Table.Th>
            <Table.Th scope="col" w={110}>
              Before
            </Table.Th>
            <Table.Th scope="col" w={120}>
              Next due
            </Table.Th>
            <Table.Th scope="col">Note</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {newestFirst.map((event) => (
            <Table.Tr key={event.id}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{time.dateTime(event.atMs, timeZone)}</Table.Td>
              <Table.Td>{event.actorName}</Table.Td>
              <Table.Td>{formatTemperatureDelta(event.offsetCentiC, unit)}</Table.Td>
              <Table.Td>{formatTemperatureDelta(event.previousOffsetCentiC, unit)}</Table.Td>
              <Table.Td>{event.dueMs === null ? 'None' : time.date(event.dueMs, timeZone)}</Table.Td>
              <Table.Td>{event.note || '—'}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
