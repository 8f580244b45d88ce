import { Button, Group, NativeSelect, Stack, TextInput } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { ItemView } from '../../domain/contract/index';
import { WASTE_REASONS, type WasteReason } from '../../domain/inventory/movements';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { PackQtyInput } from './PackQtyInput';
import { formatQty, parseQty } from './quantity';
import { ApiError } from '../bridge/api-error';

const REASON_WORDS: Record<WasteReason, string> = {
  expired: 'Expired',
  spoiled: 'Spoiled',
  damaged: 'Damaged',
  overproduction: 'Overproduction',
  dropped: 'Dropped',
  temperature: 'Out of temperature',
  other: 'Other',
};

interface TakeStockFormProps {
  kind: 'use' | 'waste';
  locationId: string;
  items: ItemView[];
  /** A form on an item's page is for that item only. */
  fixedItemId?: string;
}

/** Records stock used or wasted: the engine takes it from the lots first expiring first. */
export function TakeStockForm({ kind, locationId, items, fixedItemId }: TakeStockFormProps) {
  const [itemId, setItemId] = useState(fixedItemId ?? '');
  const item = items.find((i) => i.id === itemId);
  const [packName, setPackName] = useState('');
  const [qty, setQty] = useState('');
  const [reason, setReason] = useState<WasteReason>('spoiled');
  const [note, setNote] = useState('');
  useEffect(() => setPackName(item?.packs[0]?.name ?? item?.baseUnit ?? ''), [item?.id]);

  const save = useApiAction(async () => {
    const amount = parseQty(qty);
    if (!item || amount === null) throw new ApiError('BAD_INPUT', item ? 'Enter the quantity as a number.' : 'Choose an item.');
    const input = { locationId, itemId: item.id, packName, qty: amount, note };
    const moved = kind === 'use' ? await api.invoke('inventory.use', input) : await api.invoke('inventory.waste', { ...input, reason });
    const total = -moved.reduce((s, m) => s + m.deltaBase, 0);
    const lots = moved.map((m) => m.lot).filter(Boolean);
    notifySuccess(`${kind === 'use' ? 'Used' : 'Wasted'} ${formatQty(total, item)} of ${item.name}${lots.length ? ` (lot ${lots.join(', ')})` : ''}.`);
    setQty('');
    setNote('');
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    void save.run();
  }

  return (
    <form onSubmit={submit} noValidate aria-label={kind === 'use' ? 'Use stock' : 'Waste stock'}>
      <Stack gap="sm" maw={640}>
        {!fixedItemId && (
          <NativeSelect label="Item" value={itemId} onChange={(e) => setItemId(e.currentTarget.value)} data={[{ value: '', label: 'Choose an item…' }, ...items.map((i) => ({ value: i.id, label: i.name }))]} />
        )}
        <PackQtyInput item={item} packName={packName} qty={qty} onPackName={setPackName} onQty={setQty} />
        {kind === 'waste' && (
          <NativeSelect label="Reason" value={reason} onChange={(e) => setReason(e.currentTarget.value as WasteReason)} data={WASTE_REASONS.map((r) => ({ value: r, label: REASON_WORDS[r] }))} />
        )}
        <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <ErrorAlert error={save.error} />
        <Group>
          <Button type="submit" loading={save.busy}>
            {kind === 'use' ? 'Record use' : 'Record waste'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
