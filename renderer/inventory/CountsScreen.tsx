import { Anchor, Badge, Button, Checkbox, Group, NativeSelect, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import type { CountSummary } from '../../domain/contract/index';
import { useCan } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { useApiQuery } from '../bridge/use-api-query';
import { zoneFor } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useTimeFormat } from '../time/time-format';
import { LocationPicker } from './LocationPicker';
import { useStockLocation } from './stock-location';
import { useItems } from './use-catalog';

export const COUNT_STATUS_WORDS: Record<CountSummary['status'], string> = {
  open: 'Counting',
  submitted: 'Waiting for approval',
  approved: 'Approved',
  discarded: 'Discarded',
};

export function CountsScreen() {
  useDocumentTitle('Count · OpsFlow');
  const stock = useStockLocation();
  const items = useItems();
  const time = useTimeFormat();
  const navigate = useNavigate();
  const canCount = useCan('inventory.record');
  const [storageArea, setStorageArea] = useState('');
  const [blind, setBlind] = useState(true);
  const locationId = stock.locationId ?? '';
  const counts = useApiQuery('inventory.counts', { locationId }, { enabled: stock.locationId !== null, refreshOn: ['stockCounts'] });
  const areas = [...new Set((items.data ?? []).map((i) => i.storageArea).filter(Boolean))].sort();
  const start = useApiAction(async () => {
    const count = await api.invoke('inventory.startCount', { locationId, storageArea, blind });
    void navigate(`/inventory/counts/${count.id}`);
  });

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Count</Title>
        <Text size="sm" c="dimmed">
          Count a storage area on the sheet, hand it in, and a manager approves it: the differences are posted as count adjustments.
        </Text>
      </div>
      <LocationPicker stock={stock} />
      {canCount && (
        <Group align="flex-end">
          <NativeSelect label="Storage area" value={storageArea} onChange={(e) => setStorageArea(e.currentTarget.value)} data={[{ value: '', label: 'Every area' }, ...areas]} />
          <Checkbox label="Blind (hide the expected quantities)" checked={blind} onChange={(e) => setBlind(e.currentTarget.checked)} mb={8} />
          <Button onClick={() => void start.run()} loading={start.busy} disabled={!stock.locationId}>
            Start count
          </Button>
        </Group>
      )}
      <ErrorAlert error={start.error ?? counts.error} />
      <Table withTableBorder aria-label="Counts">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Started</Table.Th>
            <Table.Th scope="col">Storage area</Table.Th>
            <Table.Th scope="col">By</Table.Th>
            <Table.Th scope="col">Items counted</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {(counts.data ?? []).map((c) => (
            <Table.Tr key={c.id}>
              <Table.Td>
                <Anchor component={Link} to={`/inventory/counts/${c.id}`} size="sm">
                  {time.dateTime(c.startedAtMs, zoneFor(stock.locations, c.locationId))}
                </Anchor>
              </Table.Td>
              <Table.Td>{c.storageArea || 'Every area'}</Table.Td>
              <Table.Td>{c.startedBy}</Table.Td>
              <Table.Td>{c.linesCounted}</Table.Td>
              <Table.Td>
                <Badge color={c.status === 'approved' ? 'green' : c.status === 'discarded' ? 'gray' : 'blue'}>{COUNT_STATUS_WORDS[c.status]}</Badge>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
