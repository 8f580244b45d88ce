import { Anchor, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import type { DeviceView, LocationSummary, SensorView } from '../../domain/contract/index';
import { familyName } from '../devices/device-text';
import { zoneFor } from '../locations/use-locations';
import { useTimeFormat } from '../time/time-format';
import { useNow } from '../time/use-now';
import { ReadingAge, sensorFreshness } from './ReadingAge';
import { StatusBadge } from '../shell/StatusBadge';
import { CalibrationDueText } from './CalibrationDueText';
import { sensorState } from './sensor-state';
import { formatTemperature, type TemperatureUnit } from './temperature';

interface SensorsTableProps {
  sensors: SensorView[];
  devices: DeviceView[] | undefined;
  locations: LocationSummary[] | undefined;
  unit: TemperatureUnit;
}

export function SensorsTable({ sensors, devices, locations, unit }: SensorsTableProps) {
  const time = useTimeFormat();
  const nowMs = useNow();
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped highlightOnHover withTableBorder aria-label="Sensors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Name</Table.Th>
            <Table.Th scope="col">Watches</Table.Th>
            <Table.Th scope="col">Device and channel</Table.Th>
            <Table.Th scope="col">Status</Table.Th>
            <Table.Th scope="col">Last reading</Table.Th>
            <Table.Th scope="col">Calibration due</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {sensors.map((sensor) => {
            const state = sensorState(sensor, devices);
            const zone = zoneFor(locations, sensor.locationId);
            return (
              <Table.Tr key={sensor.id}>
                <Table.Th scope="row" fw={500}>
                  <Anchor component={Link} to={`/sensors/${encodeURIComponent(sensor.id)}`} size="sm" fw={600}>
                    {sensor.name}
                  </Anchor>
                </Table.Th>
                <Table.Td>{sensor.unit?.name || sensor.unitLabel || <Text span size="sm" c="dimmed">Not assigned</Text>}</Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {state.device?.label ?? familyName(sensor.deviceFamily)} · {sensor.channel}
                  </Text>
                  <Text size="xs" c="dimmed">
                    Serial {sensor.deviceSerial}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <StatusBadge color={state.color}>{state.text}</StatusBadge>
                </Table.Td>
                <Table.Td>
                  {sensor.lastReading ? (
                    <Text size="sm">
                      <strong style={{ whiteSpace: 'nowrap' }}>{formatTemperature(sensor.lastReading.tempCentiC, unit)}</strong>
                      {' · '}
                      <ReadingAge freshness={sensorFreshness(sensor, nowMs)} time={time} timeZone={zone} />
                    </Text>
                  ) : (
                    <Text size="sm" c="dimmed">
                      No reading yet
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <CalibrationDueText dueMs={sensor.calibrationDueMs} timeZone={zone} />
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
