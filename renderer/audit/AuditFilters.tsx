import { Button, Group, NativeSelect } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { AUDIT_CATEGORIES, AUDIT_CATEGORY_IDS } from '../../domain/audit/action-words';
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
          w={160}
        />
        <NativeSelect
          label="What"
          value={form.category}
          onChange={(e) => set('category')(e.currentTarget.value)}
          data={[{ value: '', label: 'Everything' }, ...AUDIT_CATEGORY_IDS.map((id) => ({ value: id, label: AUDIT_CATEGORIES[id].label }))]}
          w={170}
        />
        <NativeSelect
          label="Risk"
          value={form.risk}
          onChange={(e) => set('risk')(e.currentTarget.value)}
          data={[{ value: '', label: 'Any risk' }, ...RISKS.map((r) => ({ value: r, label: r }))]}
          w={110}
        />
        <DateField label="From" value={form.fromDate} onChange={set('fromDate')} error={dateError} w={130} />
        <DateField label="To" value={form.toDate} onChange={set('toDate')} w={130} />
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
