import { Group, NativeSelect, TextInput } from '@mantine/core';
import type { ItemView } from '../../domain/contract/index';
import { packOptions } from './quantity';

interface PackQtyInputProps {
  item: ItemView | undefined;
  packName: string;
  qty: string;
  onPackName(name: string): void;
  onQty(text: string): void;
  qtyLabel?: string;
}

/** A quantity in any of the item's pack sizes. */
export function PackQtyInput({ item, packName, qty, onPackName, onQty, qtyLabel = 'Quantity' }: PackQtyInputProps) {
  return (
    <Group gap="xs" align="flex-end" wrap="nowrap">
      <TextInput label={qtyLabel} inputMode="decimal" value={qty} onChange={(e) => onQty(e.currentTarget.value)} w={120} />
      <NativeSelect label="Pack" value={packName} onChange={(e) => onPackName(e.currentTarget.value)} data={item ? packOptions(item) : []} disabled={!item} w={200} />
    </Group>
  );
}
