import { Alert, Button, PasswordInput, Stack, TextInput } from '@mantine/core';
import { useRef, useState, type FormEvent } from 'react';
import { api } from '../bridge/api';
import { useFormErrors } from '../shell/use-form-errors';
import { ApiError, messageOf } from '../bridge/api-error';
import { checkRequired } from './form-checks';
import { useSessionStore } from './session-store';

type Field = 'username' | 'password' | 'totpCode';

/** Username and password; when the engine answers TOTP_REQUIRED, a code field joins them. */
export function PasswordSignInForm() {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [totpCode, setTotpCode] = useState('');
  const [needsCode, setNeedsCode] = useState(false);
  const { validate, bind } = useFormErrors<Field>();
  const [failure, setFailure] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const codeRef = useRef<HTMLInputElement>(null);

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (!validate({
      username: checkRequired(username, 'your username'),
      password: checkRequired(password, 'your password'),
      totpCode: needsCode ? checkRequired(totpCode, 'the code from your authenticator app, or a backup code') : null,
    })) return;
    setBusy(true);
    setFailure(null);
    try {
      const session = await api.invoke('auth.signIn', {
        username,
        password,
        ...(needsCode ? { totpCode: totpCode.trim() } : {}),
      });
      window.location.hash = '#/';
      useSessionStore.getState().setSession(session);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TOTP_REQUIRED' && !needsCode) {
        setNeedsCode(true);
        window.setTimeout(() => codeRef.current?.focus(), 0);
      } else {
        setFailure(messageOf(err));
        if (needsCode) setTotpCode('');
      }
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <TextInput
          label="Username"
          required
          autoFocus
          autoComplete="username"
          value={username}
          {...bind('username', setUsername)}
          readOnly={needsCode}
        />
        <PasswordInput
          label="Password"
          required
          autoComplete="current-password"
          value={password}
          {...bind('password', setPassword)}
          readOnly={needsCode}
        />
        {needsCode && (
          <>
            <Alert color="blue" variant="light" role="status">
              Two-factor sign-in is on for this account. Enter the 6-digit code from your authenticator app, or one of
              your backup codes.
            </Alert>
            <TextInput
              ref={codeRef}
              label="Two-factor code"
              required
              autoComplete="one-time-code"
              inputMode="text"
              maxLength={9}
              value={totpCode}
              {...bind('totpCode', setTotpCode)}
              description="6 digits, or a backup code such as abcd-1234"
            />
          </>
        )}
        {failure && (
          <Alert color="red" variant="light" role="alert" title="Not signed in">
            {failure}
          </Alert>
        )}
        <Button type="submit" loading={busy} fullWidth>
          Sign in
        </Button>
        {needsCode && (
          <Button
            variant="subtle"
            onClick={() => {
              setNeedsCode(false);
              setTotpCode('');
              setFailure(null);
            }}
          >
            Use a different account
          </Button>
        )}
      </Stack>
    </form>
  );
}
