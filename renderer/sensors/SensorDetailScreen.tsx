import { Anchor, Badge, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router';
import { useCan, useSession } from '../auth/session-store';
import { familyName } from '../devices/device-text';
import { useDevices } from '../devices/use-devices';
import { useTimeFormat } from '../time/time-format';
import { useLocations, zoneFor } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { CalibrationSection } from './CalibrationSection';
import { ReadingsSection } from './ReadingsSection';
import { SensorSettingsForm } from './SensorSettingsForm';
import { sensorState } from './sensor-state';
import { formatTemperature } from './temperature';
import { useSensors } from './use-sensors';

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <Paper withBorder p="md" component="section" aria-labelledby={id}>
      <Title order={2} id={id} mb="sm">
        {title}
      </Title>
      {children}
    </Paper>
  );
}

function BackLink() {
  return (
    <Anchor component={Link} to="/sensors" size="sm">
      ← All sensors
    </Anchor>
  );
}

export function SensorDetailScreen() {
  const { sensorId = '' } = useParams();
  const { user } = useSession();
  const time = useTimeFormat();
  const canManage = useCan('sensors.manage');
  const sensors = useSensors();
  const devices = useDevices();
  const locations = useLocations();
  const sensor = sensors.data?.find((s) => s.id === sensorId);
  useDocumentTitle(`${sensor?.name ?? 'Sensor'} · OpsFlow`);
  const unit = user.temperatureUnit;

  if (!sensor) {
    return (
      <Stack gap="md">
        <BackLink />
        <Title order={1}>Sensor</Title>
        <ErrorAlert error={sensors.error} />
        {sensors.data && (
          <Text size="sm">This sensor does not exist, or it belongs to a location you cannot see.</Text>
        )}
        {!sensors.data && sensors.loading && <Text size="sm">Loading…</Text>}
      </Stack>
    );
  }

  const timeZone = zoneFor(locations.data, sensor.locationId);
  const state = sensorState(sensor, devices.data?.devices);
  const device = state.device?.label ?? familyName(sensor.deviceFamily);

  return (
    <Stack gap="md" maw={1200}>
      <div>
        <BackLink />
        <Group gap="sm" align="center" mt={4}>
          <Title order={1}>{sensor.name}</Title>
          <Badge variant="light" color={state.color} tt="none" size="lg">
            {state.text}
          </Badge>
        </Group>
        <Text size="sm" c="dimmed">
          {sensor.unit ? `Watches ${sensor.unit.name}` : sensor.unitLabel ? `Watches ${sensor.unitLabel}` : 'Not assigned to a unit yet'} · {device}, channel {sensor.channel} · serial{' '}
          {sensor.deviceSerial}
        </Text>
        <Text size="sm" mt={2}>
          Last reading:{' '}
          {sensor.lastReading ? (
            <>
              <strong>{formatTemperature(sensor.lastReading.tempCentiC, unit)}</strong> at {time.short(sensor.lastReading.atMs, timeZone)}
            </>
          ) : (
            'none yet'
          )}
        </Text>
      </div>
      <Section id="sensor-readings" title="Readings">
        <ReadingsSection sensor={sensor} unit={unit} timeZone={timeZone} />
      </Section>
      {canManage && (
        <Section id="sensor-settings" title="Sensor settings">
          <SensorSettingsForm sensor={sensor} onSaved={sensors.reload} />
        </Section>
      )}
      <Section id="sensor-calibration" title="Calibration">
        <CalibrationSection sensor={sensor} unit={unit} timeZone={timeZone} onSaved={sensors.reload} />
      </Section>
    </Stack>
  );
}
