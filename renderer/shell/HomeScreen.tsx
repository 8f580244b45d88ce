import { Badge, Group, List, Paper, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { ROLE_LABELS } from '../../domain/auth/roles';
import { useCan, useSession } from '../auth/session-store';
import { LastBackupSummary } from '../backup/LastBackupSummary';
import { useApiQuery } from '../bridge/use-api-query';
import { locationNames, useLocations, zoneFor } from '../locations/use-locations';
import { TemperaturesTile } from '../sensors/TemperaturesTile';
import { StockTile } from '../inventory/StockTile';
import { ChecklistsTodayTile, ComplianceTile, OpenAlertsTile, UnitsTile } from '../haccp/DashboardTiles';
import { ROLE_DESCRIPTIONS } from '../users/role-options';
import { ErrorAlert } from './ErrorAlert';

function Tile({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap={6}>
        <Title order={2} size="h3">
          {title}
        </Title>
        {children}
      </Stack>
    </Paper>
  );
}

export function HomeScreen() {
  useDocumentTitle('Home · OpsFlow');
  const session = useSession();
  const canSeeUsers = useCan('users.view');
  const canBackup = useCan('backup.manage');
  const canSeeDevices = useCan('devices.view');
  const canSeeStock = useCan('inventory.view');
  const canSeeHaccp = useCan('haccp.view');
  const locations = useLocations();
  const users = useApiQuery('users.list', { includeInactive: false }, { enabled: canSeeUsers, refreshOn: ['users'] });
  const backup = useApiQuery('backup.status', {}, { enabled: canBackup, refreshOn: ['backups'] });
  const mine = locationNames(locations.data, session.user.locationIds);

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Home</Title>
        <Text size="sm" c="dimmed">
          Welcome, {session.user.displayName}.
        </Text>
      </div>
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
        {canSeeHaccp && (
          <Tile title="Compliance score">
            <ComplianceTile />
          </Tile>
        )}
        {canSeeHaccp && canSeeDevices && (
          <Tile title="Units now">
            <UnitsTile />
          </Tile>
        )}
        {canSeeHaccp && (
          <Tile title="Needs attention">
            <OpenAlertsTile />
          </Tile>
        )}
        {canSeeHaccp && (
          <Tile title="Today's checklists">
            <ChecklistsTodayTile />
          </Tile>
        )}
        {canSeeDevices && (
          <Tile title="Temperatures">
            <TemperaturesTile />
          </Tile>
        )}
        {canSeeStock && (
          <Tile title="Stock">
            <StockTile />
          </Tile>
        )}
        <Tile title="Your role">
          <Group gap="xs">
            <Text fw={600}>{ROLE_LABELS[session.user.role]}</Text>
            {session.viaPin && <Badge variant="light" color="gray">Signed in with PIN: staff rights</Badge>}
          </Group>
          <Text size="sm" c="dimmed">
            {ROLE_DESCRIPTIONS[session.user.role]}
          </Text>
        </Tile>
        <Tile title="Your locations">
          {locations.error ? (
            <ErrorAlert error={locations.error} />
          ) : mine.length === 0 ? (
            <Text size="sm">{locations.loading ? 'Loading…' : 'No locations granted yet.'}</Text>
          ) : (
            <List size="sm" spacing={2}>
              {mine.map((name, i) => (
                <List.Item key={`${name}-${i}`}>{name}</List.Item>
              ))}
            </List>
          )}
        </Tile>
        {canSeeUsers && (
          <Tile title="People">
            {users.error ? (
              <ErrorAlert error={users.error} />
            ) : (
              <Text size="sm">
                <strong>{users.data?.length ?? '…'}</strong> active {users.data?.length === 1 ? 'user' : 'users'} ·{' '}
                <strong>{locations.data?.length ?? '…'}</strong> {locations.data?.length === 1 ? 'location' : 'locations'}
              </Text>
            )}
          </Tile>
        )}
        {canBackup && (
          <Tile title="Backups">
            {backup.error ? (
              <ErrorAlert error={backup.error} />
            ) : backup.data ? (
              <LastBackupSummary status={backup.data} timeZone={zoneFor(locations.data)} />
            ) : (
              <Text size="sm">Loading…</Text>
            )}
          </Tile>
        )}
      </SimpleGrid>
    </Stack>
  );
}
