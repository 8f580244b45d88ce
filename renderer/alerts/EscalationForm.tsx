import { Button, Group, NumberInput } from '@mantine/core';
import { useEffect, useState } from 'react';
import { escalateAfterMin } from '../../domain/contract/alerts';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { useApiQuery } from '../bridge/use-api-query';
import { notifySuccess } from '../shell/notify';
import { refusal } from '../shell/schema-check';

/** How long a critical alert may wait for someone before it goes to the location's managers (haccp.manageLimits). */
export function EscalationForm() {
  const settings = useApiQuery('alerts.settings', {});
  const [minutes, setMinutes] = useState<number | string>('');
  const [problem, setProblem] = useState<string | null>(null);
  useEffect(() => {
    if (settings.data) setMinutes(settings.data.escalateAfterMin);
  }, [settings.data]);
  const save = useApiAction(async (value: number) => {
    await api.invoke('alerts.setEscalation', { escalateAfterMin: value });
    notifySuccess(`Unacknowledged critical alerts now escalate after ${value} minutes.`);
  });
  return (
    <form
      aria-label="Escalation"
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        const value = minutes === '' ? NaN : Number(minutes);
        const refused = refusal(escalateAfterMin, value);
        setProblem(refused);
        if (!refused) void save.run(value);
      }}
    >
      <Group align="flex-end" gap="xs">
        <NumberInput
          label="Escalate unacknowledged critical alerts after (minutes)"
          value={minutes}
          onChange={(v) => {
            setProblem(null);
            setMinutes(v);
          }}
          allowDecimal={false}
          w={360}
          error={problem ?? save.error}
        />
        <Button type="submit" variant="light" loading={save.busy}>
          Save
        </Button>
      </Group>
    </form>
  );
}
