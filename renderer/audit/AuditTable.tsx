import { Table, Text } from '@mantine/core';
import { actionWords, actorWords, summaryWords } from '../../domain/audit/action-words';
import type { AuditEntry } from '../../domain/audit/entry';
import type { LocationSummary } from '../../domain/contract/index';
import { zoneFor } from '../locations/use-locations';
import { useTimeFormat } from '../time/time-format';
import { RiskBadge } from './RiskBadge';

/** One page of entries; each time is shown in the zone of the location it happened at. */
export function AuditTable({ entries, locations }: { entries: AuditEntry[]; locations: LocationSummary[] | undefined }) {
  const time = useTimeFormat();
  return (
    <Table.ScrollContainer minWidth={1000}>
      <Table striped highlightOnHover withTableBorder verticalSpacing={4} fz="xs" aria-label="Audit entries">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col" w={150}>
              Time
            </Table.Th>
            <Table.Th scope="col" w={150}>
              Who
            </Table.Th>
            <Table.Th scope="col" w={170}>
              Action
            </Table.Th>
            <Table.Th scope="col" w={150}>
              Entity
            </Table.Th>
            <Table.Th scope="col">Summary</Table.Th>
            <Table.Th scope="col" w={110}>
              Risk
            </Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {entries.map((entry) => {
            const zone = zoneFor(locations, entry.locationId);
            return (
              <Table.Tr key={entry.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }} title={zone}>
                  {time.dateTime(entry.atMs, zone, { seconds: true })}
                </Table.Td>
                <Table.Td>{actorWords(entry)}</Table.Td>
                <Table.Td title={entry.action}>
                  <Text fz="xs" fw={500}>
                    {actionWords(entry.action)}
                  </Text>
                </Table.Td>
                <Table.Td title={entry.entityId ?? undefined}>
                  {entry.entityType ? `${entry.entityType}${entry.entityId ? ` ${entry.entityId.slice(-8)}` : ''}` : '—'}
                </Table.Td>
                <Table.Td>{summaryWords(entry)}</Table.Td>
                <Table.Td>
                  <RiskBadge risk={entry.risk} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
