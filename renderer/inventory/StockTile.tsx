import { Anchor, Badge, Group, List, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useApiQuery } from '../bridge/use-api-query';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useStockLocation } from './stock-location';

const SHOWN = 5;

/** The Home screen's view of stock: what to reorder and what expires soon at the chosen location. */
export function StockTile() {
  const stock = useStockLocation();
  const locationId = stock.locationId ?? '';
  const enabled = stock.locationId !== null;
  const low = useApiQuery('inventory.lowStock', { locationId }, { enabled, refreshOn: ['stock', 'inventoryItems'] });
  const expiring = useApiQuery('inventory.expiring', { locationId, leadDays: 3 }, { enabled, refreshOn: ['stock', 'inventoryItems'] });
  if (low.error || expiring.error) return <ErrorAlert error={low.error ?? expiring.error} />;
  if (!low.data || !expiring.data) return <Text size="sm">Loading…</Text>;
  const expired = expiring.data.filter((r) => r.state === 'expired').length;
  return (
    <>
      <Group gap="xs">
        <Badge color={low.data.length ? 'orange' : 'green'}>{low.data.length} to reorder</Badge>
        <Badge color={expiring.data.length ? 'yellow' : 'green'}>{expiring.data.length - expired} expiring soon</Badge>
        {expired > 0 && <Badge color="red">{expired} expired</Badge>}
      </Group>
      {low.data.length > 0 && (
        <List size="sm">
          {low.data.slice(0, SHOWN).map((r) => (
            <List.Item key={r.itemId}>
              {r.itemName}: order {r.suggested.packName ? `${r.suggested.packs} ${r.suggested.packName}` : `${r.suggested.baseQty} ${r.baseUnit}`}
            </List.Item>
          ))}
        </List>
      )}
      <Anchor component={Link} to="/inventory" size="sm">
        Inventory
      </Anchor>
    </>
  );
}
