import { Button, Group, NativeSelect, Paper, Stack, Text, TextInput, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import type { ItemView } from '../../domain/contract/index';
import { useSession } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { LocationPicker } from './LocationPicker';
import { PackQtyInput } from './PackQtyInput';
import { parseQty } from './quantity';
import { ReceivingCheckFields, checkInput, defaultCheck, type CheckDraft } from './ReceivingCheckFields';
import { useStockLocation } from './stock-location';
import { useItems, useSuppliers } from './use-catalog';
import { ApiError } from '../bridge/api-error';

interface Line {
  key: number;
  itemId: string;
  packName: string;
  qty: string;
  lot: string;
  expiresOn: string;
  check: CheckDraft;
}

let nextKey = 1;
const emptyLine = (): Line => ({ key: nextKey++, itemId: '', packName: '', qty: '', lot: '', expiresOn: '', check: defaultCheck(undefined) });

export function ReceiveScreen() {
  useDocumentTitle('Receive · OpsFlow');
  const stock = useStockLocation();
  const items = useItems();
  const suppliers = useSuppliers();
  const unit = useSession().user.temperatureUnit;
  const [supplierId, setSupplierId] = useState('');
  const [note, setNote] = useState('');
  const [lines, setLines] = useState<Line[]>([emptyLine()]);
  const itemById = new Map((items.data ?? []).map((i) => [i.id, i]));
  const change = (key: number, fields: Partial<Line>) => setLines((all) => all.map((l) => (l.key === key ? { ...l, ...fields } : l)));

  const save = useApiAction(async () => {
    const filled = lines.filter((l) => l.itemId);
    if (filled.length === 0) throw new ApiError('BAD_INPUT', 'Add at least one item to the delivery.');
    const input = filled.map((l, i) => {
      const qty = parseQty(l.qty);
      if (qty === null) throw new ApiError('BAD_INPUT', `Line ${i + 1}: enter the quantity as a number.`);
      const item = itemById.get(l.itemId);
      const receivingCheck = item?.tcs ? checkInput(l.check, unit, i + 1, item.name) : null;
      return { itemId: l.itemId, packName: l.packName, qty, lot: l.lot, expiresOn: l.expiresOn || null, receivingCheck };
    });
    const received = await api.invoke('inventory.receive', { locationId: stock.locationId!, supplierId: supplierId || null, note, lines: input });
    const rejected = input.length - received.length;
    notifySuccess(
      received.length === 0 ? `Nothing received: rejected ${rejected} line(s) at the door.` : `Received ${received.length} line(s)${rejected > 0 ? `; rejected ${rejected} at the door` : ''}.`,
    );
    setLines([emptyLine()]);
    setNote('');
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    void save.run();
  }

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Receive</Title>
        <Text size="sm" c="dimmed">
          A delivery, line by line. Perishable items need the lot from the label; the expiry defaults to the item’s shelf life. TCS food needs its temperature at the
          door (Food Code 3-202.11): refrigerated at 41 °F / 5 °C or below, hot at 135 °F / 57 °C or above, frozen received frozen.
        </Text>
      </div>
      <form onSubmit={submit} noValidate aria-label="Delivery">
        <Stack gap="sm">
          <Group align="flex-end">
            <LocationPicker stock={stock} />
            <NativeSelect label="Supplier" value={supplierId} onChange={(e) => setSupplierId(e.currentTarget.value)} data={[{ value: '', label: 'Item’s own supplier' }, ...(suppliers.data ?? []).map((s) => ({ value: s.id, label: s.name }))]} />
            <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} w={300} />
          </Group>
          {lines.map((line, i) => (
            <ReceiveLineRow key={line.key} index={i} line={line} unit={unit} item={itemById.get(line.itemId)} items={items.data ?? []} onChange={(f) => change(line.key, f)} onRemove={lines.length > 1 ? () => setLines((all) => all.filter((l) => l.key !== line.key)) : undefined} />
          ))}
          <Group>
            <Button variant="default" onClick={() => setLines((all) => [...all, emptyLine()])}>
              Add line
            </Button>
            <Button type="submit" loading={save.busy} disabled={!stock.locationId}>
              Record delivery
            </Button>
          </Group>
          <ErrorAlert error={save.error} />
        </Stack>
      </form>
    </Stack>
  );
}

interface ReceiveLineRowProps {
  index: number;
  line: Line;
  unit: 'C' | 'F';
  item: ItemView | undefined;
  items: ItemView[];
  onChange(fields: Partial<Line>): void;
  onRemove?: () => void;
}

function ReceiveLineRow({ index, line, unit, item, items, onChange, onRemove }: ReceiveLineRowProps) {
  return (
    <Paper withBorder p="sm" role="group" aria-label={`Line ${index + 1}`}>
      <Stack gap="xs">
        <Group align="flex-end" gap="sm">
          <NativeSelect
            label="Item"
            value={line.itemId}
            onChange={(e) => {
              const picked = items.find((i) => i.id === e.currentTarget.value);
              onChange({ itemId: e.currentTarget.value, packName: picked?.packs[0]?.name ?? picked?.baseUnit ?? '', check: defaultCheck(picked) });
            }}
            data={[{ value: '', label: 'Choose an item…' }, ...items.map((i) => ({ value: i.id, label: i.name }))]}
            w={220}
          />
          <PackQtyInput item={item} packName={line.packName} qty={line.qty} onPackName={(packName) => onChange({ packName })} onQty={(qty) => onChange({ qty })} />
          <TextInput label="Lot" value={line.lot} onChange={(e) => onChange({ lot: e.currentTarget.value })} w={140} required={item?.perishable} />
          <TextInput label="Expires" type="date" value={line.expiresOn} onChange={(e) => onChange({ expiresOn: e.currentTarget.value })} w={160} />
          {onRemove && (
            <Button variant="subtle" color="red" onClick={onRemove}>
              Remove
            </Button>
          )}
        </Group>
        {item?.tcs && <ReceivingCheckFields draft={line.check} unit={unit} onChange={(fields) => onChange({ check: { ...line.check, ...fields } })} />}
      </Stack>
    </Paper>
  );
}
