import { Alert, Button, Center, Paper, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState, type FormEvent } from 'react';
import { ROLE_LABELS } from '../../domain/auth/roles';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { checkPin, checkRequired } from './form-checks';
import { signOut } from './session-actions';
import { useSessionStore } from './session-store';

/** Shown instead of the app while the session is locked: who is signed in, and two ways on. */
export function LockScreen() {
  useDocumentTitle('Locked · OpsFlow');
  const identity = useSessionStore((s) => s.identity);
  const viaPin = identity?.viaPin ?? false;
  const [secret, setSecret] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  const unlock = useApiAction(async () => {
    const info = await api.invoke('auth.unlock', viaPin ? { pin: secret } : { password: secret });
    useSessionStore.getState().setSession(info);
  });
  const label = viaPin ? 'PIN' : 'Password';

  function submit(event: FormEvent) {
    event.preventDefault();
    const problem = viaPin ? checkPin(secret) : checkRequired(secret, 'your password');
    setFieldError(problem);
    if (!problem) void unlock.run().then(() => setSecret(''));
  }

  return (
    <Center mih="100vh" p="md">
      <Paper withBorder shadow="sm" p="lg" w="100%" maw={400}>
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <div>
              <Title order={1}>OpsFlow is locked</Title>
              <Text size="sm" mt={4}>
                {identity ? (
                  <>
                    Signed in: <strong>{identity.displayName}</strong> ({identity.username}),{' '}
                    {viaPin ? 'PIN sign-in with staff rights' : ROLE_LABELS[identity.role]}
                  </>
                ) : (
                  'Someone is signed in on this PC.'
                )}
              </Text>
            </div>
            <PasswordInput
              label={label}
              required
              autoFocus
              autoComplete={viaPin ? 'off' : 'current-password'}
              inputMode={viaPin ? 'numeric' : undefined}
              value={secret}
              onChange={(e) => setSecret(e.currentTarget.value)}
              error={fieldError}
            />
            {unlock.error && (
              <Alert color="red" variant="light" role="alert" title="Still locked">
                {unlock.error}
              </Alert>
            )}
            <Button type="submit" loading={unlock.busy} fullWidth>
              Unlock
            </Button>
            <Text size="sm" c="dimmed" ta="center">
              Not {identity?.displayName ?? 'you'}?
            </Text>
            <Button variant="default" onClick={() => void signOut()} fullWidth>
              Sign out
            </Button>
          </Stack>
        </form>
      </Paper>
    </Center>
  );
}
