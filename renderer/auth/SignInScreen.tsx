import { Alert, Center, Paper, Stack, Tabs, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useSetupStatusStore } from '../setup/setup-status-store';
import { ThemeToggle } from '../shell/ThemeToggle';
import { PasswordSignInForm } from './PasswordSignInForm';
import { PinSignInForm } from './PinSignInForm';
import { takeSignInNotice } from './sign-in-notice';

export function SignInScreen() {
  useDocumentTitle('Sign in · OpsFlow');
  const status = useSetupStatusStore((s) => s.status);
  const [notice] = useState(takeSignInNotice);
  return (
    <Center mih="100vh" p="md" pos="relative">
      <div style={{ position: 'absolute', top: 12, right: 12 }}>
        <ThemeToggle />
      </div>
      <Paper withBorder shadow="sm" p="lg" w="100%" maw={400}>
        <Stack gap="md">
          <div>
            <Title order={1}>Sign in</Title>
            <Text size="sm" c="dimmed">
              OpsFlow{status?.organizationName ? ` · ${status.organizationName}` : ''}
              {status?.deviceLocationName ? ` · ${status.deviceLocationName}` : ''}
            </Text>
          </div>
          {notice && (
            <Alert color="green" variant="light" role="status">
              {notice}
            </Alert>
          )}
          <Tabs defaultValue="password" keepMounted={false}>
            <Tabs.List grow mb="md">
              <Tabs.Tab value="password">Sign in with password</Tabs.Tab>
              <Tabs.Tab value="pin">Sign in with PIN</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="password">
              <PasswordSignInForm />
            </Tabs.Panel>
            <Tabs.Panel value="pin">
              <PinSignInForm />
            </Tabs.Panel>
          </Tabs>
        </Stack>
      </Paper>
    </Center>
  );
}
