import { ErrorAlert } from '../shell/ErrorAlert';
import { Button, Checkbox, Group, NumberInput, Stack } from '@mantine/core';
import { notifySuccess } from '../shell/notify';
import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../domain/contract/index';
import { idleLockMinutes as idleLockSchema } from '../../domain/contract/settings';
import { refreshSession } from '../auth/session-actions';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { refusal } from '../shell/schema-check';

/** Organization-wide sign-in rules: idle lock and required two-factor. */
export function SecuritySettingsForm({ settings, canEdit, onSaved }: { settings: Settings; canEdit: boolean; onSaved(): void }) {
  const [idleLockMinutes, setIdleLockMinutes] = useState<number | string>(settings.idleLockMinutes);
  const [requireTotp, setRequireTotp] = useState(settings.requireTotpForAdmins);
  const [fieldError, setFieldError] = useState<string | null>(null);

  useEffect(() => {
    setIdleLockMinutes(settings.idleLockMinutes);
    setRequireTotp(settings.requireTotpForAdmins);
  }, [settings.idleLockMinutes, settings.requireTotpForAdmins]);

  const save = useApiAction(async (minutes: number) => {
    await api.invoke('settings.update', { idleLockMinutes: minutes, requireTotpForAdmins: requireTotp });
    notifySuccess('Security settings saved.');
    onSaved();
    await refreshSession();
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = refusal(idleLockSchema, idleLockMinutes);
    setFieldError(problem);
    if (!problem) void save.run(idleLockMinutes as number);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Security settings">
      <Stack gap="sm">
        <NumberInput
          label="Lock after idle minutes"
          description="A signed-in PC locks itself after this many minutes without mouse or keyboard use."
          min={1}
          max={240}
          clampBehavior="none"
          allowDecimal={false}
          allowNegative={false}
          value={idleLockMinutes}
          onChange={(value) => {
            setFieldError(null);
            setIdleLockMinutes(value);
          }}
          error={fieldError}
          readOnly={!canEdit}
          w={280}
        />
        <Checkbox
          label="Require two-factor sign-in for administrators and managers"
          checked={requireTotp}
          onChange={(e) => setRequireTotp(e.currentTarget.checked)}
          disabled={!canEdit}
        />
        <ErrorAlert error={save.error} />
        {canEdit && (
          <Group>
            <Button type="submit" loading={save.busy}>
              Save security settings
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
