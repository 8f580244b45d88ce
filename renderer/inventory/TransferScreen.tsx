import { Button, Group, NativeSelect, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { useCan } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { useApiQuery } from '../bridge/use-api-query';
import { zoneFor } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { useTimeFormat } from '../time/time-format';
import { LocationPicker } from './LocationPicker';
import { PackQtyInput } from './PackQtyInput';
import { parseQty } from './quantity';
import { useStockLocation } from './stock-location';
import { useItems } from './use-catalog';
import { ApiError } from '../bridge/api-error';

export function TransferScreen() {
  useDocumentTitle('Transfer · OpsFlow');
  const stock = useStockLocation();
  const items = useItems();
  const time = useTimeFormat();
  const canManage = useCan('inventory.manage');
  // Where the stock can go: the restaurants this person sees.
  const allLocations = useApiQuery('locations.list', {}, { refreshOn: ['locations'] });
  const [toLocationId, setTo] = useState('');
  const [itemId, setItemId] = useState('');
  const [packName, setPackName] = useState('');
  const [qty, setQty] = useState('');
  const [note, setNote] = useState('');
  const item = items.data?.find((i) => i.id === itemId);
  const locationId = stock.locationId ?? '';
  const transit = useApiQuery('inventory.inTransit', { locationId }, { enabled: stock.locationId !== null, refreshOn: ['stock'] });
  const names = new Map((allLocations.data ?? []).map((l) => [l.id, l.name]));

  const send = useApiAction(async () => {
    const amount = parseQty(qty);
    if (!item || amount === null) throw new ApiError('BAD_INPUT', item ? 'Enter the quantity as a number.' : 'Choose an item.');
    if (!toLocationId) throw new ApiError('BAD_INPUT', 'Choose where the stock goes.');
    await api.invoke('inventory.transfer', { fromLocationId: locationId, toLocationId, note, lines: [{ itemId: item.id, packName, qty: amount }] });
    notifySuccess(`Sent to ${names.get(toLocationId)}. It shows as in transit until they confirm.`);
    setQty('');
  });
  const confirm = useApiAction(async (transferId: string) => {
    await api.invoke('inventory.confirmTransfer', { locationId, transferId });
    notifySuccess('Transfer received.');
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    void send.run();
  }

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Transfer</Title>
        <Text size="sm" c="dimmed">
          Stock sent to another restaurant leaves here at once and is in transit until the receiving restaurant confirms it.
        </Text>
      </div>
      <LocationPicker stock={stock} label="From" />
      {canManage && (
        <form onSubmit={submit} noValidate aria-label="Send stock">
          <Stack gap="sm" maw={720}>
            <Group align="flex-end">
              <NativeSelect label="To" value={toLocationId} onChange={(e) => setTo(e.currentTarget.value)} data={[{ value: '', label: 'Choose a location…' }, ...(allLocations.data ?? []).filter((l) => l.id !== locationId).map((l) => ({ value: l.id, label: l.name }))]} />
              <NativeSelect
                label="Item"
                value={itemId}
                onChange={(e) => {
                  const picked = items.data?.find((i) => i.id === e.currentTarget.value);
                  setItemId(e.currentTarget.value);
                  setPackName(picked?.packs[0]?.name ?? picked?.baseUnit ?? '');
                }}
                data={[{ value: '', label: 'Choose an item…' }, ...(items.data ?? []).map((i) => ({ value: i.id, label: i.name }))]}
              />
            </Group>
            <PackQtyInput item={item} packName={packName} qty={qty} onPackName={setPackName} onQty={setQty} />
            <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
            <ErrorAlert error={send.error} />
            <Group>
              <Button type="submit" loading={send.busy}>
                Send
              </Button>
            </Group>
          </Stack>
        </form>
      )}
      <Title order={2} size="h3">
        In transit
      </Title>
      <ErrorAlert error={confirm.error} />
      {transit.data && transit.data.length === 0 ? (
        <Text size="sm">Nothing in transit to or from here.</Text>
      ) : (
        <Table withTableBorder aria-label="In transit">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Sent</Table.Th>
              <Table.Th scope="col">From</Table.Th>
              <Table.Th scope="col">To</Table.Th>
              <Table.Th scope="col">What</Table.Th>
              <Table.Th scope="col" />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(transit.data ?? []).map((t) => (
              <Table.Tr key={t.transferId}>
                <Table.Td>{time.dateTime(t.atMs, zoneFor(stock.locations, t.fromLocationId))}</Table.Td>
                <Table.Td>{names.get(t.fromLocationId) ?? '—'}</Table.Td>
                <Table.Td>{names.get(t.toLocationId) ?? '—'}</Table.Td>
                <Table.Td>{t.lines.map((l) => `${l.qtyBase} × ${l.itemName}${l.lot ? ` (lot ${l.lot})` : ''}`).join(', ')}</Table.Td>
                <Table.Td>
                  {canManage && t.toLocationId === locationId && (
                    <Button size="compact-sm" onClick={() => void confirm.run(t.transferId)} loading={confirm.busy}>
                      Confirm received
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
