import { Alert, Button, Center, Loader, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useState } from 'react';
import { LockScreen } from '../auth/LockScreen';
import { SignInScreen } from '../auth/SignInScreen';
import { useSessionStore } from '../auth/session-store';
import { api } from '../bridge/api';
import { messageOf } from '../bridge/api-error';
import { useEvent } from '../bridge/use-event';
import { SetupScreen } from '../setup/SetupScreen';
import { useSetupStatusStore } from '../setup/setup-status-store';
import { AppLayout } from './AppLayout';

/** Reads whether this PC is set up and whether the stored token is still a session. */
async function boot(): Promise<void> {
  const status = await api.invoke('setup.status', {});
  useSetupStatusStore.setState({ status });
  const store = useSessionStore.getState();
  if (!status.isSetUp || !store.token) return;
  const { session, locked } = await api.invoke('auth.session', {});
  if (session) store.setSession(session, locked);
  else if (locked) store.setLockedAtStart();
  else store.clear();
}

/** Picks the screen: setup on first run, sign-in, the lock screen, or the app. */
export function AppGate() {
  const [phase, setPhase] = useState<'loading' | 'ready' | { error: string }>('loading');
  const status = useSetupStatusStore((s) => s.status);
  const session = useSessionStore((s) => s.session);
  const token = useSessionStore((s) => s.token);
  const locked = useSessionStore((s) => s.locked);

  const start = useCallback(() => {
    setPhase('loading');
    boot().then(
      () => setPhase('ready'),
      (err: unknown) => setPhase({ error: messageOf(err) }),
    );
  }, []);

  useEffect(start, [start]);
  useEvent('session.locked', () => useSessionStore.getState().markLocked());

  if (phase === 'loading') {
    return (
      <Center h="100vh">
        <Stack align="center" gap="xs">
          <Loader aria-hidden="true" />
          <Text role="status">Starting OpsFlow…</Text>
        </Stack>
      </Center>
    );
  }
  if (typeof phase === 'object' || !status) {
    return (
      <Center h="100vh" p="md">
        <Stack maw={480}>
          <Alert color="red" variant="light" title="OpsFlow could not start" role="alert">
            {typeof phase === 'object' ? phase.error : 'OpsFlow could not read its state.'}
          </Alert>
          <Button onClick={start}>Try again</Button>
        </Stack>
      </Center>
    );
  }
  if (!status.isSetUp) return <SetupScreen />;
  if (token && locked) return <LockScreen />;
  if (!session) return <SignInScreen />;
  return <AppLayout />;
}
