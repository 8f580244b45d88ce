import { Alert, Button, PasswordInput, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { api } from '../bridge/api';
import { useFormErrors } from '../shell/use-form-errors';
import { useApiAction } from '../bridge/use-api-action';
import { checkPin, checkRequired } from './form-checks';
import { useSessionStore } from './session-store';

type Field = 'username' | 'pin';

/** Staff on the shared office PC: username and a 4–6 digit PIN, with staff rights only. */
export function PinSignInForm() {
  const [username, setUsername] = useState('');
  const [pin, setPin] = useState('');
  const { errors, validate, clear, bind } = useFormErrors<Field>();
  const signIn = useApiAction(async () => {
    const session = await api.invoke('auth.signInWithPin', { username, pin });
    window.location.hash = '#/';
    useSessionStore.getState().setSession(session);
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    if (!validate({ username: checkRequired(username, 'your username'), pin: checkPin(pin) })) return;
    void signIn.run().then(() => setPin(''));
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <Text size="sm" c="dimmed">
          For staff on a shared PC. A PIN sign-in has staff rights only.
        </Text>
        <TextInput
          label="Username"
          required
          autoComplete="username"
          value={username}
          {...bind('username', setUsername)}
        />
        <PasswordInput
          label="PIN"
          required
          inputMode="numeric"
          autoComplete="off"
          maxLength={6}
          value={pin}
          onChange={(e) => {
            clear('pin');
            setPin(e.currentTarget.value.replace(/\D/g, ''));
          }}
          error={errors.pin}
        />
        {signIn.error && (
          <Alert color="red" variant="light" role="alert" title="Not signed in">
            {signIn.error}
          </Alert>
        )}
        <Button type="submit" loading={signIn.busy} fullWidth>
          Sign in with PIN
        </Button>
      </Stack>
    </form>
  );
}
