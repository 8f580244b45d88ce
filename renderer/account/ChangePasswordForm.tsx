import { ErrorAlert } from '../shell/ErrorAlert';
import { Button, Group, PasswordInput, SimpleGrid, Stack } from '@mantine/core';
import { notifySuccess } from '../shell/notify';
import { useState, type FormEvent } from 'react';
import {
  checkNewPassword,
  checkPasswordConfirm,
  checkRequired,
} from '../auth/form-checks';
import { NewPasswordFields } from '../auth/NewPasswordFields';
import { useSession } from '../auth/session-store';
import { api } from '../bridge/api';
import { useFormErrors } from '../shell/use-form-errors';
import { useApiAction } from '../bridge/use-api-action';

type Field = 'current' | 'next' | 'confirm';

export function ChangePasswordForm() {
  const { username } = useSession().user;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const { errors, validate, clear, bind } = useFormErrors<Field>();
  const change = useApiAction(async () => {
    await api.invoke('account.changePassword', { currentPassword: current, newPassword: next });
    setCurrent('');
    setNext('');
    setConfirm('');
    notifySuccess('Your password was changed.');
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (validate({
      current: checkRequired(current, 'your current password'),
      next: checkNewPassword(next, username),
      confirm: checkPasswordConfirm(next, confirm),
    })) void change.run();
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Change password">
      <Stack gap="sm">
        <SimpleGrid cols={3} spacing="sm">
          <PasswordInput
            label="Current password"
            required
            value={current}
            {...bind('current', setCurrent)}
            autoComplete="current-password"
          />
          <NewPasswordFields
            labels={{ password: 'New password', confirm: 'Confirm new password' }}
            username={username}
            password={next}
            confirm={confirm}
            onPassword={(value) => {
              clear('next');
              setNext(value);
            }}
            onConfirm={(value) => {
              clear('confirm');
              setConfirm(value);
            }}
            errors={{ password: errors.next, confirm: errors.confirm }}
          />
        </SimpleGrid>
        <ErrorAlert error={change.error} />
        <Group>
          <Button type="submit" loading={change.busy}>
            Change password
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
