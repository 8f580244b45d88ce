import { Alert, Paper, Stack, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { TwoFactorSection } from './TwoFactorSection';

/**
 * The administrator requires two-factor sign-in for this role and the user has none yet: the engine
 * refuses every other call until it is set up, so this is the only screen until then.
 */
export function TwoFactorRequiredScreen() {
  useDocumentTitle('Set up two-factor sign-in · OpsFlow');
  return (
    <Stack gap="md" maw={960}>
      <Title order={1}>Set up two-factor sign-in</Title>
      <Alert color="orange" variant="light" title="Two-factor sign-in required">
        Your organization requires two-factor sign-in for your role. Set it up now to continue; it takes a minute with an
        authenticator app on your phone.
      </Alert>
      <Paper withBorder p="md">
        <TwoFactorSection enabled={false} />
      </Paper>
    </Stack>
  );
}
