import { Button, Group, Modal, NumberInput, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import type { CorrectiveActionView } from '../../domain/contract/corrective';
import type { ExcursionView } from '../../domain/contract/haccp';
import { CORRECTIVE_ACTION_KINDS, CORRECTIVE_ACTION_WORDS, type CorrectiveActionKind } from '../../domain/haccp/corrective-action-facts';
import { packChoices } from '../../domain/inventory/units';
import { useCan } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiQuery } from '../bridge/use-api-query';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { SignOffModal } from '../shell/SignOffModal';

const ACTION_OPTIONS = CORRECTIVE_ACTION_KINDS.map((k) => ({ value: k, label: CORRECTIVE_ACTION_WORDS[k] }));

/** Records the corrective action of an excursion, or (with `correcting`) an amendment of the record in force. */
export function CorrectiveActionModal({ excursion, correcting, onClose }: { excursion: ExcursionView; correcting?: CorrectiveActionView; onClose(): void }) {
  const [cause, setCause] = useState(correcting?.cause ?? '');
  const [action, setAction] = useState<CorrectiveActionKind>(correcting?.action ?? 'discarded');
  const [amount, setAmount] = useState<number | string>(correcting?.quantity?.amount ?? '');
  const [quantityUnit, setQuantityUnit] = useState(correcting?.quantity?.unit ?? 'kg');
  const [disposition, setDisposition] = useState(correcting?.disposition ?? '');
  const [note, setNote] = useState('');
  const [itemId, setItemId] = useState<string | null>(null);
  const canWriteOff = useCan('inventory.record') && !correcting;
  const items = useApiQuery('inventory.items', {}, { enabled: canWriteOff, refreshOn: ['inventoryItems'] });
  const item = items.data?.find((i) => i.id === itemId) ?? null;
  const save = useApiAction(async () => {
    // No amount typed: the engine says what is missing.
    const quantity = action === 'discarded' && typeof amount === 'number' ? { amount, unit: quantityUnit } : null;
    const draft = { cause, action, quantity, disposition, note, discardedItemId: action === 'discarded' ? itemId : null };
    if (correcting) await api.invoke('haccp.amendCorrectiveAction', { ...draft, actionId: correcting.id });
    else await api.invoke('haccp.recordCorrectiveAction', { ...draft, sensorId: excursion.sensorId, excursionStartMs: excursion.startMs });
    notifySuccess(correcting ? 'The correction is recorded next to the original.' : 'The corrective action is recorded; a supervisor signs it off.', 'Saved');
    onClose();
  });
  return (
    <Modal opened onClose={onClose} title={`${correcting ? 'Correct the corrective action' : 'Corrective action'}: ${excursion.unit}`}>
      <Stack gap="sm">
        {correcting?.signoff && <Text size="sm">This record is signed and locked: your correction is kept as an amendment next to it, and needs its own sign-off.</Text>}
        <TextInput label="Cause" required value={cause} onChange={(e) => setCause(e.currentTarget.value)} />
        <Select label="Action taken" required data={ACTION_OPTIONS} value={action} allowDeselect={false} onChange={(v) => v && setAction(v as CorrectiveActionKind)} />
        {action === 'discarded' && canWriteOff && (
          <Select
            label="Inventory item (optional)"
            description="Named, the quantity is written off its stock as waste, linked to this record."
            placeholder="Not from inventory"
            clearable
            searchable
            data={(items.data ?? []).filter((i) => i.active).map((i) => ({ value: i.id, label: i.name }))}
            value={itemId}
            onChange={(id) => {
              setItemId(id);
              const picked = items.data?.find((i) => i.id === id);
              if (picked) setQuantityUnit(packChoices(picked.baseUnit, picked.packs)[0]!.name);
            }}
          />
        )}
        {action === 'discarded' && (
          <Group grow>
            <NumberInput label="Quantity discarded" required min={0} decimalScale={3} value={amount} onChange={setAmount} />
            {item ? (
              <Select
                label="Unit of the quantity"
                required
                allowDeselect={false}
                data={packChoices(item.baseUnit, item.packs).map((p) => p.name)}
                value={quantityUnit}
                onChange={(v) => v && setQuantityUnit(v)}
              />
            ) : (
              <TextInput label="Unit of the quantity" required value={quantityUnit} onChange={(e) => setQuantityUnit(e.currentTarget.value)} />
            )}
          </Group>
        )}
        <TextInput label="Product disposition" description="What became of the food: discarded, kept after probing, moved…" required value={disposition} onChange={(e) => setDisposition(e.currentTarget.value)} />
        <TextInput label={correcting ? 'Reason for the correction' : 'Note (optional)'} required={!!correcting} value={note} onChange={(e) => setNote(e.currentTarget.value)} />
        <ErrorAlert error={save.error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button loading={save.busy} onClick={() => void save.run()}>
            {correcting ? 'Record the correction' : 'Record'}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

export function CorrectiveSignOffModal({ action, unit, onClose }: { action: CorrectiveActionView; unit: string; onClose(): void }) {
  return (
    <SignOffModal
      title={`Sign off the corrective action: ${unit}`}
      what={`The corrective action for ${unit}`}
      sign={(note) => api.invoke('haccp.signOffCorrectiveAction', { actionId: action.id, note })}
      onClose={onClose}
    >
      <Text size="sm">
        {CORRECTIVE_ACTION_WORDS[action.action]}
        {action.quantity ? ` (${action.quantity.amount} ${action.quantity.unit})` : ''}. Cause: {action.cause}. Disposition: {action.disposition}. Recorded by {action.actorName}.
      </Text>
    </SignOffModal>
  );
}
