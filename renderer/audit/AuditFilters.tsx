import { Button, Group, NativeSelect, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { RISKS } from '../../domain/audit/entry';
import { DateField } from '../time/DateField';
import { useTimeFormat } from '../time/time-format';
import { checkFilterForm, EMPTY_FILTER_FORM, type AuditFilterForm } from './audit-filter-form';

interface AuditFiltersProps {
  actors: { id: string; name: string }[];
  onApply(form: AuditFilterForm): void;
}

export function AuditFilters({ actors, onApply }: AuditFiltersProps) {
  const [form, setForm] = useState<AuditFilterForm>(EMPTY_FILTER_FORM);
  const [dateError, setDateError] = useState<string | null>(null);
  const time = useTimeFormat();
  const set = (field: keyof AuditFilterForm) => (value: string) => setForm((f) => ({ ...f, [field]: value }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = checkFilterForm(form, time.dayPattern);
    setDateError(problem);
    if (!problem) onApply(form);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Audit log filters">
      <Group align="flex-start" gap="sm" wrap="wrap">
        <NativeSelect
          label="Who"
          value={form.actorId}
          onChange={(e) => set('actorId')(e.currentTarget.value)}
          data={[{ value: '', label: 'Anyone' }, ...actors.map((a) => ({ value: a.id, label: a.name }))]}
          w={170}
        />
        <TextInput
          label="Action starts with"
          placeholder="e.g. users."
          value={form.action}
          onChange={(e) => set('action')(e.currentTarget.value)}
          maxLength={64}
          w={140}
        />
        <NativeSelect
          label="Risk"
          value={form.risk}
          onChange={(e) => set('risk')(e.currentTarget.value)}
          data={[{ value: '', label: 'Any risk' }, ...RISKS.map((r) => ({ value: r, label: r }))]}
          w={110}
        />
        <DateField label="From" value={form.fromDate} onChange={set('fromDate')} error={dateError} w={140} />
        <DateField label="To" value={form.toDate} onChange={set('toDate')} w={140} />
        <Group gap="xs" mt={22}>
          <Button type="submit">Apply filters</Button>
          <Button
            variant="default"
            onClick={() => {
              setForm(EMPTY_FILTER_FORM);
              setDateError(null);
              onApply(EMPTY_FILTER_FORM);
            }}
          >
            Clear filters
          </Button>
        </Group>
      </Group>
    </form>
  );
}
