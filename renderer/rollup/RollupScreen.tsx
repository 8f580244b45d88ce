import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useNavigate } from 'react-router';
import { ROLLUP_EXCURSION_DAYS, type RollupRow } from '../../domain/contract/rollup';
import { useCan } from '../auth/session-store';
import { useApiQuery } from '../bridge/use-api-query';
import { formatCents } from '../inventory/quantity';
import { chooseStockLocation } from '../inventory/stock-location';
import { useLocations, zoneFor } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { StatusBadge } from '../shell/StatusBadge';
import { useTimeFormat } from '../time/time-format';

/**
 * The regional roll-up: every location the person is granted, side by side, from what this PC
 * holds (a regional office PC reads the other locations' data through the hub). A row opens that
 * location's excursions or stock.
 */
export function RollupScreen() {
  useDocumentTitle('Roll-up · OpsFlow');
  const rows = useApiQuery('rollup.locations', {}, { refreshOn: ['alerts', 'readings', 'haccpUnits', 'correctiveActions', 'stock', 'inventoryItems', 'locations', 'sync'], refreshGapMs: 2000 });
  const locations = useLocations();
  const time = useTimeFormat();
  const navigate = useNavigate();
  const readOnly = !useCan('haccp.record') && !useCan('inventory.record');
  const open = (row: RollupRow, path: '/excursions' | '/inventory') => {
    chooseStockLocation(row.locationId);
    void navigate(path === '/excursions' ? `/excursions?location=${encodeURIComponent(row.locationId)}` : '/inventory');
  };
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Roll-up</Title>
        <Text size="sm" c="dimmed">
          Your locations side by side: today&apos;s compliance score, open alerts, excursions of the last {ROLLUP_EXCURSION_DAYS} days without a signed corrective action, stock and
          when this PC last had each location&apos;s data from the hub.{readOnly ? ' You can look at every location, not change it.' : ''}
        </Text>
      </div>
      <ErrorAlert error={rows.error} />
      {rows.data && rows.data.length === 0 ? (
        <Paper withBorder p="lg" ta="center">
          <Text size="sm">No locations granted to you.</Text>
        </Paper>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder aria-label="Roll-up">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Location</Table.Th>
                <Table.Th scope="col">Compliance today</Table.Th>
                <Table.Th scope="col">Open alerts</Table.Th>
                <Table.Th scope="col">Excursions without signed action</Table.Th>
                <Table.Th scope="col">Stock value</Table.Th>
                <Table.Th scope="col">Low stock</Table.Th>
                <Table.Th scope="col">Last sync</Table.Th>
                <Table.Th scope="col">Open</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {(rows.data ?? []).map((row) => (
                <Table.Tr key={row.locationId} data-location={row.name}>
                  <Table.Th scope="row" fw={600}>
                    {row.name}
                    {row.isThisDevice && (
                      <Text size="xs" c="dimmed">
                        This PC
                      </Text>
                    )}
                  </Table.Th>
                  <Table.Td>{row.complianceScore === null ? 'Nothing to score yet' : `${row.complianceScore} / 100`}</Table.Td>
                  <Table.Td>{row.openAlerts === 0 ? 'None' : <StatusBadge color="red">{row.openAlerts} open</StatusBadge>}</Table.Td>
                  <Table.Td>
                    {row.excursionsWithoutSignedAction === 0 ? 'None' : <StatusBadge color="red">{`${row.excursionsWithoutSignedAction} without signed action`}</StatusBadge>}
                  </Table.Td>
                  <Table.Td>{formatCents(row.stockValueCents)}</Table.Td>
                  <Table.Td>{row.lowStockItems === 0 ? 'None' : `${row.lowStockItems} ${row.lowStockItems === 1 ? 'item' : 'items'}`}</Table.Td>
                  <Table.Td>{row.lastSyncAtMs === null ? 'Never' : time.dateTime(row.lastSyncAtMs, zoneFor(locations.data, row.locationId))}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button size="xs" variant="default" onClick={() => open(row, '/excursions')} aria-label={`Excursions at ${row.name}`}>
                        Excursions
                      </Button>
                      <Button size="xs" variant="default" onClick={() => open(row, '/inventory')} aria-label={`Stock at ${row.name}`}>
                        Stock
                      </Button>
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
