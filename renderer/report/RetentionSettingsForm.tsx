import { Button, Group, NumberInput, Stack, Text } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../domain/contract/index';
import { RETENTION_MAX_MONTHS, RETENTION_MIN_MONTHS, retentionMonths as retentionSchema } from '../../domain/report/retention';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { refusal } from '../shell/schema-check';

/** How long records stay before they are archived (never deleted), for the whole organization. */
export function RetentionSettingsForm({ settings, canEdit, onSaved }: { settings: Settings; canEdit: boolean; onSaved(): void }) {
  const [months, setMonths] = useState<number | string>(settings.retentionMonths);
  const [fieldError, setFieldError] = useState<string | null>(null);
  useEffect(() => setMonths(settings.retentionMonths), [settings.retentionMonths]);

  const save = useApiAction(async (value: number) => {
    await api.invoke('settings.update', { retentionMonths: value });
    notifySuccess('Retention saved.');
    onSaved();
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = refusal(retentionSchema, months);
    setFieldError(problem);
    if (!problem) void save.run(months as number);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Record retention">
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          HACCP and audit records are never deleted. After this many months they are archived: they leave the everyday lists but stay in the data, in backups, and in any report that asks
          for their dates.
        </Text>
        <NumberInput
          label="Archive records after (months)"
          min={RETENTION_MIN_MONTHS}
          max={RETENTION_MAX_MONTHS}
          clampBehavior="none"
          allowDecimal={false}
          allowNegative={false}
          value={months}
          onChange={(value) => {
            setFieldError(null);
            setMonths(value);
          }}
          error={fieldError}
          readOnly={!canEdit}
          w={280}
        />
        <ErrorAlert error={save.error} />
        {canEdit && (
          <Group>
            <Button type="submit" loading={save.busy}>
              Save retention
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
