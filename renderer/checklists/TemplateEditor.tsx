import { ActionIcon, Button, Checkbox, Group, Modal, NativeSelect, Paper, SegmentedControl, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ChecklistTemplateView } from '../../domain/contract/checklists';
import { templateInput } from '../../domain/contract/checklists';
import { CHECKLIST_KINDS, CHECKLIST_KIND_WORDS, TEMPLATE_PRESETS, type ChecklistItemDraft, type ChecklistKind, type ChecklistSchedule, type ChecklistSlot } from '../../domain/haccp/checklist-templates';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import type { TemperatureUnit } from '../sensors/temperature';
import { itemRuleText } from './item-text';
import { readTemperature, temperatureText } from './temperature-entry';

/** An item row being edited: texts as typed; `id` kept for items that already exist. */
interface ItemRow {
  id?: string;
  label: string;
  type: ChecklistItemDraft['type'];
  bound: 'max' | 'min';
  limitText: string;
  expected: boolean;
  minText: string;
  maxText: string;
}

function toRow(item: ChecklistItemDraft & { id?: string }, unit: TemperatureUnit): ItemRow {
  return {
    id: item.id,
    label: item.label,
    type: item.type,
    bound: item.type === 'temperature' ? item.limit.bound : 'max',
    limitText: item.type === 'temperature' ? temperatureText(item.limit.centiC, unit) : '',
    expected: item.type === 'yesNo' ? item.expected : true,
    minText: item.type === 'number' && item.min !== null ? String(item.min) : '',
    maxText: item.type === 'number' && item.max !== null ? String(item.max) : '',
  };
}

function optionalNumber(text: string): number | null | 'bad' {
  if (!text.trim()) return null;
  const n = Number(text.trim().replace(',', '.'));
  return Number.isFinite(n) ? n : 'bad';
}

function fromRow(row: ItemRow, unit: TemperatureUnit): (ChecklistItemDraft & { id?: string }) | string {
  const base = { ...(row.id ? { id: row.id } : {}), label: row.label.trim() };
  if (!base.label) return 'Every item needs a label.';
  switch (row.type) {
    case 'temperature': {
      const read = readTemperature(row.limitText, unit);
      return 'error' in read ? `${base.label}: ${read.error}` : { ...base, type: 'temperature', limit: { bound: row.bound, centiC: read.centiC } };
    }
    case 'yesNo':
      return { ...base, type: 'yesNo', expected: row.expected };
    case 'number': {
      const min = optionalNumber(row.minText);
      const max = optionalNumber(row.maxText);
      if (min === 'bad' || max === 'bad') return `${base.label}: the lowest and highest accepted numbers must be numbers (or empty).`;
      return { ...base, type: 'number', min, max };
    }
    case 'text':
      return { ...base, type: 'text' };
  }
}

const TYPE_WORDS = { temperature: 'Temperature', yesNo: 'Yes / no', number: 'Number', text: 'Text' } as const;

function scheduleWords(schedule: ChecklistSchedule): string {
  return schedule.kind === 'daily' ? 'Daily, by the end of the day' : schedule.slots.map((s) => `${s.label ? `${s.label} ` : ''}${s.opens}–${s.due}`).join(', ');
}

function TemplateForm({ initial, unit, onDone }: { initial: { id?: string; name: string; kind: ChecklistKind; items: (ChecklistItemDraft & { id?: string })[]; schedule: ChecklistSchedule; active: boolean }; unit: TemperatureUnit; onDone(): void }) {
  const [name, setName] = useState(initial.name);
  const [kind, setKind] = useState<ChecklistKind>(initial.kind);
  const [rows, setRows] = useState<ItemRow[]>(() => initial.items.map((i) => toRow(i, unit)));
  const [daily, setDaily] = useState(initial.schedule.kind === 'daily');
  const [slots, setSlots] = useState<ChecklistSlot[]>(initial.schedule.kind === 'times' ? initial.schedule.slots : [{ label: 'AM', opens: '06:00', due: '10:00' }]);
  const [active, setActive] = useState(initial.active);
  const [problem, setProblem] = useState<string | null>(null);

  const save = useApiAction(async (input: unknown) => {
    await api.invoke('checklists.saveTemplate', input as never);
    notifySuccess(`"${name.trim()}" is saved.`, 'Checklist saved');
    onDone();
  });

  const setRow = (n: number, change: Partial<ItemRow>) => setRows((all) => all.map((r, i) => (i === n ? { ...r, ...change } : r)));
  const setSlot = (n: number, change: Partial<ChecklistSlot>) => setSlots((all) => all.map((s, i) => (i === n ? { ...s, ...change } : s)));

  function submit(event: FormEvent) {
    event.preventDefault();
    const items = rows.map((r) => fromRow(r, unit));
    const bad = items.find((i): i is string => typeof i === 'string');
    if (bad) return setProblem(bad);
    const input = { ...(initial.id ? { id: initial.id } : {}), name, kind, items, schedule: daily ? { kind: 'daily' } : { kind: 'times', slots }, active };
    // The same schema the engine checks with: the same sentence, before the call.
    const checked = templateInput.safeParse(input);
    if (!checked.success) return setProblem(checked.error.issues[0]?.message ?? 'Check the checklist.');
    setProblem(null);
    void save.run(input);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Checklist template">
      <Stack gap="sm">
        <Group align="flex-end">
          <TextInput label="Name" required value={name} onChange={(e) => setName(e.currentTarget.value)} w={320} />
          <NativeSelect label="Kind" value={kind} onChange={(e) => setKind(e.currentTarget.value as ChecklistKind)} data={CHECKLIST_KINDS.map((k) => ({ value: k, label: CHECKLIST_KIND_WORDS[k] }))} />
        </Group>
        <Title order={4}>Items</Title>
        {rows.map((row, n) => (
          <Group key={n} align="flex-end" gap="xs" wrap="wrap">
            <TextInput label={`Item ${n + 1}`} value={row.label} onChange={(e) => setRow(n, { label: e.currentTarget.value })} w={300} />
            <NativeSelect label="Type" value={row.type} onChange={(e) => setRow(n, { type: e.currentTarget.value as ItemRow['type'] })} data={Object.entries(TYPE_WORDS).map(([value, label]) => ({ value, label }))} />
            {row.type === 'temperature' && (
              <>
                <NativeSelect label="Limit" value={row.bound} onChange={(e) => setRow(n, { bound: e.currentTarget.value as 'max' | 'min' })} data={[{ value: 'max', label: 'at most' }, { value: 'min', label: 'at least' }]} />
                <TextInput label={`°${unit}`} value={row.limitText} onChange={(e) => setRow(n, { limitText: e.currentTarget.value })} w={90} inputMode="decimal" />
              </>
            )}
            {row.type === 'yesNo' && (
              <NativeSelect label="Expected" value={row.expected ? 'yes' : 'no'} onChange={(e) => setRow(n, { expected: e.currentTarget.value === 'yes' })} data={[{ value: 'yes', label: 'Yes' }, { value: 'no', label: 'No' }]} />
            )}
            {row.type === 'number' && (
              <>
                <TextInput label="Lowest" value={row.minText} onChange={(e) => setRow(n, { minText: e.currentTarget.value })} w={90} />
                <TextInput label="Highest" value={row.maxText} onChange={(e) => setRow(n, { maxText: e.currentTarget.value })} w={90} />
              </>
            )}
            <ActionIcon variant="subtle" color="red" aria-label={`Remove item ${n + 1}`} onClick={() => setRows((all) => all.filter((_, i) => i !== n))} mb={4}>
              ✕
            </ActionIcon>
          </Group>
        ))}
        <Group>
          <Button variant="default" size="xs" onClick={() => setRows((all) => [...all, toRow({ label: '', type: 'yesNo', expected: true }, unit)])}>
            Add item
          </Button>
        </Group>
        <Title order={4}>When it is due</Title>
        <SegmentedControl
          aria-label="Schedule"
          value={daily ? 'daily' : 'times'}
          onChange={(v) => setDaily(v === 'daily')}
          data={[
            { value: 'daily', label: 'Daily' },
            { value: 'times', label: 'At set times' },
          ]}
          w="fit-content"
        />
        {daily ? (
          <Text size="sm">Once a day, due by the end of the day at this location.</Text>
        ) : (
          slots.map((slot, n) => (
            <Group key={n} align="flex-end" gap="xs">
              <TextInput label="Label" value={slot.label} onChange={(e) => setSlot(n, { label: e.currentTarget.value })} w={90} placeholder="AM" />
              <TextInput label="Opens" type="time" value={slot.opens} onChange={(e) => setSlot(n, { opens: e.currentTarget.value })} />
              <TextInput label="Due by" type="time" value={slot.due} onChange={(e) => setSlot(n, { due: e.currentTarget.value })} />
              {slots.length > 1 && (
                <ActionIcon variant="subtle" color="red" aria-label={`Remove time ${n + 1}`} onClick={() => setSlots((all) => all.filter((_, i) => i !== n))} mb={4}>
                  ✕
                </ActionIcon>
              )}
            </Group>
          ))
        )}
        {!daily && (
          <Group>
            <Button variant="default" size="xs" onClick={() => setSlots((all) => [...all, { label: 'PM', opens: '16:00', due: '18:00' }])}>
              Add a time
            </Button>
          </Group>
        )}
        <Checkbox label="In use (unticked: retired, no longer due; its records stay)" checked={active} onChange={(e) => setActive(e.currentTarget.checked)} />
        <ErrorAlert error={problem ?? save.error} />
        <Group>
          <Button type="submit" loading={save.busy}>
            Save checklist
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** The location's checklist templates: start one from a kind's preset, change one, retire one. */
export function TemplateEditor({ templates, unit, onChanged }: { templates: ChecklistTemplateView[]; unit: TemperatureUnit; onChanged(): void }) {
  const [editing, setEditing] = useState<ChecklistTemplateView | ChecklistKind | null>(null);
  const [newKind, setNewKind] = useState<ChecklistKind>('opening');
  const initial =
    editing === null ? null : typeof editing === 'string' ? { ...TEMPLATE_PRESETS[editing], kind: editing, active: true } : editing;
  return (
    <Paper withBorder p="md" component="section" aria-label="Checklist templates">
      <Stack gap="sm">
        <Title order={2} size="h3">
          Checklist templates
        </Title>
        {templates.length > 0 && (
          <Table fz="sm">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Kind</Table.Th>
                <Table.Th>Due</Table.Th>
                <Table.Th>Items</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {templates.map((t) => (
                <Table.Tr key={t.id}>
                  <Table.Td>
                    {t.name}
                    {t.active ? '' : ' (retired)'}
                  </Table.Td>
                  <Table.Td>{CHECKLIST_KIND_WORDS[t.kind]}</Table.Td>
                  <Table.Td>{scheduleWords(t.schedule)}</Table.Td>
                  <Table.Td title={t.items.map((i) => `${i.label} (${itemRuleText(i, unit)})`).join('\n')}>{t.items.length}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="default" onClick={() => setEditing(t)} aria-label={`Edit ${t.name}`}>
                      Edit
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
        <Group align="flex-end">
          <NativeSelect label="New checklist from" value={newKind} onChange={(e) => setNewKind(e.currentTarget.value as ChecklistKind)} data={CHECKLIST_KINDS.map((k) => ({ value: k, label: CHECKLIST_KIND_WORDS[k] }))} />
          <Button onClick={() => setEditing(newKind)}>New checklist</Button>
        </Group>
      </Stack>
      {initial && (
        <Modal opened size="xl" onClose={() => setEditing(null)} title={typeof editing === 'string' ? 'New checklist' : `Edit ${initial.name}`}>
          <TemplateForm
            initial={initial}
            unit={unit}
            onDone={() => {
              setEditing(null);
              onChanged();
            }}
          />
        </Modal>
      )}
    </Paper>
  );
}
