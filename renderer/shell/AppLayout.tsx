import { AppShell, Group, Text } from '@mantine/core';
import { Navigate, Route, Routes } from 'react-router';
import { AccountScreen } from '../account/AccountScreen';
import { TwoFactorRequiredScreen } from '../account/TwoFactorRequiredScreen';
import { AuditScreen } from '../audit/AuditScreen';
import { DevicesScreen } from '../devices/DevicesScreen';
import { SensorDetailScreen } from '../sensors/SensorDetailScreen';
import { SensorsScreen } from '../sensors/SensorsScreen';
import { useSession } from '../auth/session-store';
import { useIdleLock } from '../auth/use-idle-lock';
import { useSetupStatusStore } from '../setup/setup-status-store';
import { SettingsScreen } from '../settings/SettingsScreen';
import { UsersScreen } from '../users/UsersScreen';
import { ConnectionBanner } from './ConnectionBanner';
import { HomeScreen } from './HomeScreen';
import { MainNav } from './MainNav';
import { RequirePermission } from './RequirePermission';
import { ThemeToggle } from './ThemeToggle';
import { UserMenu } from './UserMenu';

export function AppLayout() {
  const session = useSession();
  const status = useSetupStatusStore((s) => s.status);
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
        {session.mustEnrollTotp ? (
          <TwoFactorRequiredScreen />
        ) : (
          <Routes>
            <Route path="/" element={<HomeScreen />} />
            <Route
              path="/devices"
              element={
                <RequirePermission needs="devices.view" title="Devices">
                  <DevicesScreen />
                </RequirePermission>
              }
            />
            <Route
              path="/sensors"
              element={
                <RequirePermission needs="devices.view" title="Sensors">
                  <SensorsScreen />
                </RequirePermission>
              }
            />
            <Route
              path="/sensors/:sensorId"
              element={
                <RequirePermission needs="devices.view" title="Sensor">
                  <SensorDetailScreen />
                </RequirePermission>
              }
            />
            <Route
              path="/users"
              element={
                <RequirePermission needs="users.view" title="Users">
                  <UsersScreen />
                </RequirePermission>
              }
            />
            <Route
              path="/audit"
              element={
                <RequirePermission needs="audit.view" title="Audit log">
                  <AuditScreen />
                </RequirePermission>
              }
            />
            <Route
              path="/settings"
              element={
                <RequirePermission needs="settings.view" title="Settings">
                  <SettingsScreen />
                </RequirePermission>
              }
            />
            <Route path="/account" element={<AccountScreen />} />
            <Route path="*" element={<Navigate to="/" replace />} />
          </Routes>
        )}
      </AppShell.Main>
    </AppShell>
  );
}
