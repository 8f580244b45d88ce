import { ErrorAlert } from '../shell/ErrorAlert';
import { Button, Group, PasswordInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifySuccess } from '../shell/notify';
import { useState, type FormEvent } from 'react';
import { checkPin, checkRequired } from '../auth/form-checks';
import { refreshSession } from '../auth/session-actions';
import { api } from '../bridge/api';
import { useFormErrors } from '../shell/use-form-errors';
import { useApiAction } from '../bridge/use-api-action';

type Field = 'password' | 'pin' | 'confirm';

/** Set, change or remove the PIN used to sign in on a shared PC (with staff rights only). */
export function PinForm({ hasPin }: { hasPin: boolean }) {
  const [password, setPassword] = useState('');
  const [pin, setPin] = useState('');
  const [confirm, setConfirm] = useState('');
  const { errors, validate, clear, bind } = useFormErrors<Field>();
  const save = useApiAction(async (newPin: string | null) => {
    await api.invoke('account.setPin', { currentPassword: password, pin: newPin });
    setPassword('');
    setPin('');
    setConfirm('');
    notifySuccess(newPin ? 'Your PIN was set.' : 'Your PIN was removed.');
    await refreshSession();
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (validate({
      password: checkRequired(password, 'your current password'),
      pin: checkPin(pin),
      confirm: pin === confirm ? null : 'The two PINs are not the same.',
    })) void save.run(pin);
  }

  function remove() {
    if (validate({ password: checkRequired(password, 'your current password'), pin: null, confirm: null })) void save.run(null);
  }

  const digitsOnly = (value: string) => value.replace(/\D/g, '').slice(0, 6);

  return (
    <form onSubmit={submit} noValidate aria-label="PIN">
      <Stack gap="sm">
        <Text size="sm">
          {hasPin ? 'You have a PIN. ' : 'You have no PIN. '}A PIN (4 to 6 digits) lets you sign in quickly on a shared PC, with
          staff rights only.
        </Text>
        <SimpleGrid cols={3} spacing="sm">
          <PasswordInput
            label="Current password"
            required
            value={password}
            {...bind('password', setPassword)}
            autoComplete="current-password"
          />
          <PasswordInput
            label="New PIN"
            inputMode="numeric"
            value={pin}
            onChange={(e) => {
              clear('pin');
              setPin(digitsOnly(e.currentTarget.value));
            }}
            error={errors.pin}
            autoComplete="off"
          />
          <PasswordInput
            label="Confirm new PIN"
            inputMode="numeric"
            value={confirm}
            onChange={(e) => {
              clear('confirm');
              setConfirm(digitsOnly(e.currentTarget.value));
            }}
            error={errors.confirm}
            autoComplete="off"
          />
        </SimpleGrid>
        <ErrorAlert error={save.error} />
        <Group>
          <Button type="submit" loading={save.busy}>
            {hasPin ? 'Change PIN' : 'Set PIN'}
          </Button>
          {hasPin && (
            <Button variant="default" onClick={remove} disabled={save.busy}>
              Remove PIN
            </Button>
          )}
        </Group>
      </Stack>
    </form>
  );
}
