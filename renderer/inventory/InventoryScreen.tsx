import { Anchor, Badge, Checkbox, Group, NativeSelect, NumberInput, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCan } from '../auth/session-store';
import { useApiQuery } from '../bridge/use-api-query';
import { ErrorAlert } from '../shell/ErrorAlert';
import { LocationPicker } from './LocationPicker';
import { ReorderTaskCell } from './ReorderTaskCell';
import { formatCents, formatQty } from './quantity';
import { useStockLocation } from './stock-location';
import { useItems } from './use-catalog';

export function InventoryScreen() {
  useDocumentTitle('Inventory · OpsFlow');
  const stock = useStockLocation();
  const items = useItems();
  const [search, setSearch] = useState('');
  const [category, setCategory] = useState('');
  const [storageArea, setStorageArea] = useState('');
  const [onlyLow, setOnlyLow] = useState(false);
  const [leadDays, setLeadDays] = useState(3);
  const locationId = stock.locationId ?? '';
  const enabled = stock.locationId !== null;
  const onHand = useApiQuery(
    'inventory.onHand',
    { locationId, search, category: category || null, storageArea: storageArea || null, onlyBelowReorderPoint: onlyLow },
    { enabled, refreshOn: ['stock', 'inventoryItems'] },
  );
  const low = useApiQuery('inventory.lowStock', { locationId }, { enabled, refreshOn: ['stock', 'inventoryItems'] });
  const seesTasks = useCan('tasks.view');
  const tasks = useApiQuery('tasks.list', { locationId }, { enabled: enabled && seesTasks, refreshOn: ['tasks'] });
  // tasks.list gives open tasks only (to do, in progress).
  const openReorder = (itemId: string) => tasks.data?.find((t) => t.origin?.kind === 'lowStock' && t.origin.ref === itemId);
  const expiring = useApiQuery('inventory.expiring', { locationId, leadDays }, { enabled, refreshOn: ['stock', 'inventoryItems'] });
  const categories = [...new Set((items.data ?? []).map((i) => i.category).filter(Boolean))].sort();
  const areas = [...new Set((items.data ?? []).map((i) => i.storageArea).filter(Boolean))].sort();
  const rows = onHand.data ?? [];
  const total = rows.reduce((sum, r) => sum + r.valueCents, 0);

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Inventory</Title>
        <Text size="sm" c="dimmed">
          What is on the shelves, from every delivery, use, waste, transfer and count. Open an item for its history.
        </Text>
      </div>
      <Group align="flex-end" gap="sm">
        <LocationPicker stock={stock} />
        <TextInput label="Search" placeholder="Name or SKU" value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={220} />
        <NativeSelect label="Category" value={category} onChange={(e) => setCategory(e.currentTarget.value)} data={[{ value: '', label: 'All categories' }, ...categories]} />
        <NativeSelect label="Storage area" value={storageArea} onChange={(e) => setStorageArea(e.currentTarget.value)} data={[{ value: '', label: 'All areas' }, ...areas]} />
        <Checkbox label="Below reorder point only" checked={onlyLow} onChange={(e) => setOnlyLow(e.currentTarget.checked)} mb={8} />
      </Group>
      <ErrorAlert error={onHand.error} />
      <Text size="sm" role="status">
        {onHand.data ? `${rows.length} items on hand, worth ${formatCents(total)}` : onHand.loading ? 'Loading…' : ''}
      </Text>
      {onHand.data && rows.length === 0 ? (
        <Paper withBorder p="lg" ta="center">
          <Text size="sm">Nothing here yet. Stock appears when a delivery is received.</Text>
        </Paper>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table striped highlightOnHover withTableBorder aria-label="Stock on hand">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Item</Table.Th>
                <Table.Th scope="col">Category</Table.Th>
                <Table.Th scope="col">Storage area</Table.Th>
                <Table.Th scope="col">On hand</Table.Th>
                <Table.Th scope="col">Value</Table.Th>
                <Table.Th scope="col">Status</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((r) => (
                <Table.Tr key={r.item.id}>
                  <Table.Td>
                    <Anchor component={Link} to={`/inventory/items/${r.item.id}`} size="sm">
                      {r.item.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>{r.item.category}</Table.Td>
                  <Table.Td>{r.item.storageArea}</Table.Td>
                  <Table.Td>{formatQty(r.onHandBase, r.item)}</Table.Td>
                  <Table.Td>{formatCents(r.valueCents)}</Table.Td>
                  <Table.Td>
                    <Group gap={4}>
                      {r.belowReorderPoint && <Badge color="orange">Below reorder point</Badge>}
                      {r.expiredBase > 0 && <Badge color="red">{formatQty(r.expiredBase, r.item)} expired</Badge>}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}

      <Title order={2} size="h3">
        Low stock
      </Title>
      {low.data && low.data.length === 0 ? (
        <Text size="sm">Every item is at or above its reorder point.</Text>
      ) : (
        <Table withTableBorder aria-label="Low stock">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Item</Table.Th>
              <Table.Th scope="col">On hand</Table.Th>
              <Table.Th scope="col">Reorder point</Table.Th>
              <Table.Th scope="col">Order (up to par)</Table.Th>
              {seesTasks && <Table.Th scope="col">Task</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(low.data ?? []).map((r) => {
              const item = { baseUnit: r.baseUnit, packs: [] };
              const order = r.suggested.packName ? `${r.suggested.packs} ${r.suggested.packName}` : formatQty(r.suggested.baseQty, item);
              return (
                <Table.Tr key={r.itemId}>
                  <Table.Td>{r.itemName}</Table.Td>
                  <Table.Td>{formatQty(r.onHandBase, item)}</Table.Td>
                  <Table.Td>{formatQty(r.reorderPointBase, item)}</Table.Td>
                  <Table.Td>{order}</Table.Td>
                  {seesTasks && (
                    <Table.Td>
                      <ReorderTaskCell row={r} locationId={locationId} order={order} openTask={openReorder(r.itemId)} onAdded={tasks.reload} />
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}

      <Group align="flex-end" gap="sm">
        <Title order={2} size="h3">
          Expiring soon
        </Title>
        <NumberInput label="Within days" value={leadDays} onChange={(v) => setLeadDays(typeof v === 'number' ? v : 0)} min={0} max={60} w={120} />
      </Group>
      {expiring.data && expiring.data.length === 0 ? (
        <Text size="sm">Nothing expires within {leadDays} days.</Text>
      ) : (
        <Table withTableBorder aria-label="Expiring soon">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">Item</Table.Th>
              <Table.Th scope="col">Lot</Table.Th>
              <Table.Th scope="col">Expires</Table.Th>
              <Table.Th scope="col">On hand</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {(expiring.data ?? []).map((r) => (
              <Table.Tr key={`${r.itemId}-${r.lot}`}>
                <Table.Td>{r.itemName}</Table.Td>
                <Table.Td>{r.lot || '—'}</Table.Td>
                <Table.Td>
                  {r.expiresOn} {r.state === 'expired' ? <Badge color="red">Expired</Badge> : <Badge color="yellow">Soon</Badge>}
                </Table.Td>
                <Table.Td>{formatQty(r.onHandBase, { baseUnit: r.baseUnit, packs: [] })}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
