import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { LocationPicker } from './LocationPicker';
import { TakeStockForm } from './TakeStockForm';
import { useStockLocation } from './stock-location';
import { useItems } from './use-catalog';

export function WasteScreen() {
  useDocumentTitle('Waste · OpsFlow');
  const stock = useStockLocation();
  const items = useItems();
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Waste</Title>
        <Text size="sm" c="dimmed">
          Stock thrown away, and why. Expired lots go first.
        </Text>
      </div>
      <LocationPicker stock={stock} />
      {stock.locationId && <TakeStockForm kind="waste" locationId={stock.locationId} items={items.data ?? []} />}
    </Stack>
  );
}
