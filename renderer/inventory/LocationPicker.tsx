import { NativeSelect } from '@mantine/core';
import type { StockLocation } from './stock-location';

/** Which restaurant's stock; hidden when the person works at one only. */
export function LocationPicker({ stock, label = 'Location' }: { stock: StockLocation; label?: string }) {
  if (stock.locations.length < 2) return null;
  return (
    <NativeSelect
      label={label}
      value={stock.locationId ?? ''}
      onChange={(e) => stock.choose(e.currentTarget.value)}
      data={stock.locations.map((l) => ({ value: l.id, label: l.name }))}
      w={220}
    />
  );
}
