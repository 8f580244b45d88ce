import { ErrorAlert } from '../shell/ErrorAlert';
import { Button, Group, Modal, Stack, Text } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import type { UserSummary } from '../../domain/contract/index';
import { checkNewPassword, checkPasswordConfirm } from '../auth/form-checks';
import { NewPasswordFields } from '../auth/NewPasswordFields';
import { api } from '../bridge/api';
import { useFormErrors } from '../shell/use-form-errors';
import { useApiAction } from '../bridge/use-api-action';

type Field = 'password' | 'confirm';

export function ResetPasswordModal({ user, onClose, onDone }: { user: UserSummary | null; onClose(): void; onDone(): void }) {
  const [password, setPassword] = useState('');
  const [confirm, setConfirm] = useState('');
  const { errors, validate, clear, reset: resetErrors } = useFormErrors<Field>();
  const reset = useApiAction(async (userId: string) => {
    await api.invoke('users.resetPassword', { userId, newPassword: password });
    onDone();
  });

  useEffect(() => {
    setPassword('');
    setConfirm('');
    resetErrors();
    reset.setError(null);
    // Reset when another user is chosen.
  }, [user]);

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!user) return;
    if (validate({ password: checkNewPassword(password, user.username), confirm: checkPasswordConfirm(password, confirm) })) void reset.run(user.id);
  }

  return (
    <Modal opened={user !== null} onClose={onClose} title={`Reset password for ${user?.displayName ?? ''}`} centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Text size="sm">Give the new password to the person; they can change it in My account.</Text>
          <NewPasswordFields
            labels={{ password: 'New password', confirm: 'Confirm new password' }}
            username={user?.username}
            password={password}
            confirm={confirm}
            onPassword={(value) => {
              clear('password');
              setPassword(value);
            }}
            onConfirm={(value) => {
              clear('confirm');
              setConfirm(value);
            }}
            errors={{ password: errors.password, confirm: errors.confirm }}
            autoFocus
          />
          <ErrorAlert error={reset.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={reset.busy}>
              Cancel
            </Button>
            <Button type="submit" loading={reset.busy}>
              Reset password
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
