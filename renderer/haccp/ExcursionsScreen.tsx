import { Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useSession } from '../auth/session-store';
import { useApiQuery } from '../bridge/use-api-query';
import { useLocations, zoneFor } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { StatusBadge } from '../shell/StatusBadge';
import { formatTemperature } from '../sensors/temperature';
import { useTimeFormat } from '../time/time-format';
import { limitText } from './unit-temperature';

/** Every excursion: out of range at least as long as the unit's alarm delay, newest first. */
export function ExcursionsScreen() {
  useDocumentTitle('Excursions · OpsFlow');
  const { user } = useSession();
  const time = useTimeFormat();
  const locations = useLocations();
  const excursions = useApiQuery('haccp.excursions', {}, { refreshOn: ['readings', 'haccpUnits', 'sensors'], refreshGapMs: 2000 });
  const list = [...(excursions.data ?? [])].reverse();
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Excursions</Title>
        <Text size="sm" c="dimmed">
          A unit out of range for at least its alarm delay. Shorter runs are brief out-of-range readings: recorded, but they need no action.
        </Text>
      </div>
      <ErrorAlert error={excursions.error} />
      {excursions.data && list.length === 0 ? (
        <Paper withBorder p="lg" ta="center">
          <Text size="sm">No excursions.</Text>
        </Paper>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table striped withTableBorder aria-label="Excursions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Unit</Table.Th>
                <Table.Th scope="col">From</Table.Th>
                <Table.Th scope="col">Until</Table.Th>
                <Table.Th scope="col">Duration</Table.Th>
                <Table.Th scope="col">Peak</Table.Th>
                <Table.Th scope="col">Limit</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((e) => {
                const zone = zoneFor(locations.data, e.locationId);
                return (
                  <Table.Tr key={`${e.sensorId}-${e.startMs}`}>
                    <Table.Th scope="row" fw={500}>
                      <Text size="sm" fw={600}>
                        {e.unit}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {e.sensor}
                      </Text>
                    </Table.Th>
                    <Table.Td>{time.dateTime(e.startMs, zone)}</Table.Td>
                    <Table.Td>{e.endMs === null ? <StatusBadge color="red">Still out of range</StatusBadge> : time.dateTime(e.endMs, zone)}</Table.Td>
                    <Table.Td>{Math.round(e.durationMin)} min</Table.Td>
                    <Table.Td>{formatTemperature(e.peakCentiC, user.temperatureUnit)}</Table.Td>
                    <Table.Td>{limitText(e.limitKind, e.limitCentiC, user.temperatureUnit)}</Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
