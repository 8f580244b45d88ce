import { AppShell, Group, Text } from '@mantine/core';
import { Navigate, Route, Routes } from 'react-router';
import { TwoFactorRequiredScreen } from '../account/TwoFactorRequiredScreen';
import { useSession } from '../auth/session-store';
import { useIdleLock } from '../auth/use-idle-lock';
import { useApiQuery } from '../bridge/use-api-query';
import { useSetupStatusStore } from '../setup/setup-status-store';
import { ConnectionBanner } from './ConnectionBanner';
import { AlertBar } from '../alerts/AlertBar';
import { MainNav } from './MainNav';
import { RequirePermission } from './RequirePermission';
import { SCREENS } from './screens';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';
import { SyncStatusLine } from '../sync/SyncStatusLine';

export function AppLayout() {
  const session = useSession();
  // The names in the header: as read at start, then again when the organization or a location changes.
  const started = useSetupStatusStore((s) => s.status);
  const status = useApiQuery('setup.status', {}, { refreshOn: ['organization', 'locations'] }).data ?? started;
  useIdleLock(session.idleLockMs);

  return (
    <AppShell header={{ height: 52 }} navbar={{ width: 200, breakpoint: 0 }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between" wrap="nowrap">
          <Group gap="sm" wrap="nowrap" style={{ minWidth: 0 }}>
            <Text fw={700} size="lg">
              OpsFlow
            </Text>
            <Text size="sm" c="dimmed" truncate="end" data-testid="header-org">
              {status?.organizationName ?? ''}
              {status?.deviceLocationName ? ` · ${status.deviceLocationName}` : ''}
            </Text>
          </Group>
          <Group gap="xs" wrap="nowrap">
            <SyncStatusLine />
            <ThemeToggle />
            <UserMenu />
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" component="nav" aria-label="Main">
        {!session.mustEnrollTotp && <MainNav />}
      </AppShell.Navbar>
      <AppShell.Main>
        <ConnectionBanner />
        {!session.mustEnrollTotp && <AlertBar />}
        {session.mustEnrollTotp ? (
          <TwoFactorRequiredScreen />
        ) : (
          <Routes>
            {SCREENS.map((screen) => (
              <Route
                key={screen.path}
                path={screen.path}
                element={
                  <RequirePermission needs={screen.needs} title={screen.title}>
                    {screen.element}
                  </RequirePermission>
                }
              />
            ))}
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        )}
      </AppShell.Main>
    </AppShell>
  );
}
