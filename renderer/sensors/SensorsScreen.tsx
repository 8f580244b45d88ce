import { Anchor, Button, Checkbox, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import { useCan, useSession } from '../auth/session-store';
import { useDevices } from '../devices/use-devices';
import { useLocations } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { ImportReadingsModal } from './ImportReadingsModal';
import { SensorsTable } from './SensorsTable';
import { useSensors } from './use-sensors';

export function SensorsScreen() {
  useDocumentTitle('Sensors · OpsFlow');
  const { user } = useSession();
  const sensors = useSensors();
  const devices = useDevices();
  const locations = useLocations();
  const [showRetired, setShowRetired] = useState(false);
  const canImport = useCan('devices.operate');
  const [importing, setImporting] = useState(false);
  const all = sensors.data ?? [];
  const shown = showRetired ? all : all.filter((s) => s.active);
  const offline = shown.filter((s) => s.online === false).length;

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Sensors</Title>
          <Text size="sm" c="dimmed">
            Every channel of every thermometer, probe and logger this organization has seen. Open one for its chart and
            calibration.
          </Text>
        </div>
        <Group gap="md">
          {canImport && (
            <Button variant="default" onClick={() => setImporting(true)}>
              Import readings from a file
            </Button>
          )}
          <Anchor component={Link} to="/devices" size="sm">
            Connected devices
          </Anchor>
        </Group>
      </Group>
      {canImport && <ImportReadingsModal opened={importing} onClose={() => setImporting(false)} sensors={all} locations={locations.data} unit={user.temperatureUnit} />}
      <Group gap="md">
        <Checkbox label="Show retired sensors" checked={showRetired} onChange={(e) => setShowRetired(e.currentTarget.checked)} />
        <Text size="sm" role="status">
          {sensors.data ? `${shown.length} sensors${offline ? `, ${offline} offline` : ''}` : sensors.loading ? 'Loading…' : ''}
        </Text>
      </Group>
      <ErrorAlert error={sensors.error} />
      {sensors.data && shown.length === 0 ? (
        <Paper withBorder p="lg" ta="center">
          <Text size="sm">
            No sensors yet. They appear here when a thermometer, probe or logger is plugged in and identified on the{' '}
            <Anchor component={Link} to="/devices" size="sm">
              Devices
            </Anchor>{' '}
            screen.
          </Text>
        </Paper>
      ) : (
        sensors.data && <SensorsTable sensors={shown} devices={devices.data?.devices} locations={locations.data} unit={user.temperatureUnit} />
      )}
    </Stack>
  );
}
