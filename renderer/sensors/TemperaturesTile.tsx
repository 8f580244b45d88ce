import { Anchor, Badge, Group, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { SensorView } from '../../domain/contract/index';
import { useSession } from '../auth/session-store';
import { zoneFor, useLocations } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { calibrationDue } from './calibration-due';
import { useNow } from '../time/use-now';
import { useTimeFormat } from '../time/time-format';
import { ReadingAge, sensorFreshness } from './ReadingAge';
import { formatTemperature } from './temperature';
import { useSensors } from './use-sensors';

const SHOWN = 6;

/** Offline sensors first, then the rest by name: what needs a look comes to the top. */
function byAttention(a: SensorView, b: SensorView): number {
  const weight = (s: SensorView) => (s.online === false ? 0 : 1);
  return weight(a) - weight(b) || a.name.localeCompare(b.name);
}

/** The Home screen's view of the sensors: how many answer, which do not, what they read now. */
export function TemperaturesTile() {
  const session = useSession();
  const sensors = useSensors();
  const locations = useLocations().data;
  const zone = zoneFor(locations);
  const time = useTimeFormat();
  const nowMs = useNow();
  if (sensors.error) return <ErrorAlert error={sensors.error} />;
  if (!sensors.data) return <Text size="sm">Loading…</Text>;
  const active = sensors.data.filter((s) => s.active);
  if (active.length === 0) {
    return (
      <Text size="sm">
        No sensors yet. Plug in a thermometer or logger on the <Anchor component={Link} to="/devices">Devices</Anchor> screen.
      </Text>
    );
  }
  const offline = active.filter((s) => s.online === false).length;
  const overdue = active.filter((s) => calibrationDue(s.calibrationDueMs, zone).state === 'overdue').length;
  const unit = session.user.temperatureUnit;
  return (
    <Stack gap={6}>
      <Group gap="xs">
        <Text size="sm">
          <strong>{active.length}</strong> sensors
        </Text>
        {offline > 0 && (
          <Badge color="red" variant="light">
            {offline} offline
          </Badge>
        )}
        {overdue > 0 && (
          <Badge color="orange" variant="light">
            {overdue} calibration overdue
          </Badge>
        )}
      </Group>
      <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
        {[...active].sort(byAttention).slice(0, SHOWN).map((s) => (
          <Group key={s.id} component="li" justify="space-between" gap="xs" wrap="nowrap">
            <Text size="sm" truncate>
              <Anchor component={Link} to={`/sensors/${encodeURIComponent(s.id)}`} inherit>
                {s.name}
              </Anchor>
              {s.unitLabel && !s.name.includes(s.unitLabel) && <Text span c="dimmed" inherit>{` · ${s.unitLabel}`}</Text>}
            </Text>
            <Text size="sm" ta="right" style={{ flexShrink: 0 }}>
              {s.lastReading && <strong>{formatTemperature(s.lastReading.tempCentiC, unit)} </strong>}
              <ReadingAge freshness={sensorFreshness(s, nowMs)} time={time} timeZone={zoneFor(locations, s.locationId)} />
            </Text>
          </Group>
        ))}
      </Stack>
      {active.length > SHOWN && (
        <Anchor component={Link} to="/sensors" size="sm">
          All {active.length} sensors
        </Anchor>
      )}
    </Stack>
  );
}
