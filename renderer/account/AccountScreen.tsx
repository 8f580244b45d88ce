import { Alert, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { ROLE_LABELS } from '../../domain/auth/roles';
import { useCan, useSession } from '../auth/session-store';
import { ChangePasswordForm } from './ChangePasswordForm';
import { PinForm } from './PinForm';
import { PreferencesForm } from './PreferencesForm';
import { TwoFactorSection } from './TwoFactorSection';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={`account-${title}`}>
      <Title order={2} id={`account-${title}`} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

export function AccountScreen() {
  useDocumentTitle('My account · OpsFlow');
  const { user, viaPin } = useSession();
  const canSelf = useCan('account.self');
  return (
    <Stack gap="md" maw={960}>
      <div>
        <Title order={1}>My account</Title>
        <Group gap="xs" mt={4}>
          <Text size="sm">
            {user.displayName} ({user.username}) · {ROLE_LABELS[user.role]}
          </Text>
          {viaPin && (
            <Badge variant="light" color="gray">
              Signed in with PIN
            </Badge>
          )}
        </Group>
      </div>
      <Section title="Preferences">
        <PreferencesForm user={user} />
      </Section>
      {canSelf && viaPin && (
        <Alert variant="light" color="gray" title="Password, PIN and two-factor">
          You signed in with a PIN. To change your password, PIN or two-factor sign-in, sign out and sign in with your password.
        </Alert>
      )}
      {canSelf && !viaPin && (
        <>
          <Section title="Two-factor sign-in">
            <TwoFactorSection enabled={user.totpEnabled} />
          </Section>
          <Section title="Password">
            <ChangePasswordForm />
          </Section>
          <Section title="PIN">
            <PinForm hasPin={user.hasPin} />
          </Section>
        </>
      )}
    </Stack>
  );
}
