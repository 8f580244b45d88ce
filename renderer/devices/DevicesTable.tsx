import { Anchor, Button, Group, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { Link } from 'react-router';
import type { DeviceView, DownloadProgress, SensorView } from '../../domain/contract/index';
import { useTimeFormat } from '../time/time-format';
import { formatTemperature, type TemperatureUnit } from '../sensors/temperature';
import { DeviceStatus } from './DeviceStatus';
import { familyName, lastDownloadText } from './device-text';

interface DevicesTableProps {
  devices: DeviceView[];
  sensors: SensorView[] | undefined;
  progress: Record<string, DownloadProgress>;
  /** Downloads this window started and is waiting for. */
  starting: ReadonlySet<string>;
  unit: TemperatureUnit;
  timeZone: string | undefined;
  canOperate: boolean;
  /** May say which probes sit on an RS-485 adapter (sensors.manage). */
  canManageProbes: boolean;
  demoMode: boolean;
  onDownload(device: DeviceView): void;
  onUnplug(device: DeviceView): void;
  onProbes(device: DeviceView): void;
}

function LastReadings({ device, sensors, unit, timeZone }: { device: DeviceView; sensors: SensorView[] | undefined; unit: TemperatureUnit; timeZone: string | undefined }) {
  const mine = device.sensorIds.map((id) => sensors?.find((s) => s.id === id)).filter((s): s is SensorView => !!s);
  const time = useTimeFormat();
  if (mine.length === 0) return <Text size="sm">—</Text>;
  return (
    <Stack gap={2} component="ul" style={{ listStyle: 'none', margin: 0, padding: 0 }}>
      {mine.map((sensor) => (
        <li key={sensor.id}>
          <Text size="sm" span>
            <Anchor component={Link} to={`/sensors/${encodeURIComponent(sensor.id)}`} size="sm">
              {sensor.name}
            </Anchor>
            {': '}
            {sensor.lastReading ? (
              <>
                <strong style={{ whiteSpace: 'nowrap' }}>{formatTemperature(sensor.lastReading.tempCentiC, unit)}</strong>
                <Text span size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                  {' '}
                  · {time.short(sensor.lastReading.atMs, timeZone)}
                </Text>
              </>
            ) : (
              'no reading yet'
            )}
          </Text>
        </li>
      ))}
    </Stack>
  );
}

/** Family, firmware and "Simulated" under the label; the family only when the label does not already say it. */
function deviceDetails(device: DeviceView): string {
  const family = familyName(device.family);
  const parts = [
    device.label.includes(family) || family.startsWith(device.label) ? null : family,
    device.firmware && device.firmware !== device.label ? `firmware ${device.firmware}` : null,
    device.simulated ? 'simulated' : null,
  ].filter((part): part is string => !!part);
  const text = parts.join(' · ');
  return text ? text.charAt(0).toUpperCase() + text.slice(1) : device.id;
}

export function DevicesTable(props: DevicesTableProps) {
  const { devices, sensors, progress, starting, unit, timeZone, canOperate, canManageProbes, demoMode, onDownload, onUnplug, onProbes } = props;
  const time = useTimeFormat();
  const withProbes = canManageProbes && devices.some((d) => d.probes !== null);
  const withActions = withProbes || (canOperate && (demoMode || devices.some((d) => d.kind === 'logger')));
  return (
    <Table.ScrollContainer minWidth={900}>
      <Table striped withTableBorder aria-label="Connected devices" verticalSpacing={8}>
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">Device</Table.Th>
            <Table.Th scope="col">Serial number</Table.Th>
            <Table.Th scope="col" miw={130}>
              Status
            </Table.Th>
            <Table.Th scope="col">Last reading</Table.Th>
            <Table.Th scope="col">Last download</Table.Th>
            <Table.Th scope="col">Health</Table.Th>
            {withActions && (
              <Table.Th scope="col">
                <VisuallyHidden>Actions</VisuallyHidden>
              </Table.Th>
            )}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {devices.map((device) => {
            const busy = device.status === 'downloading' || starting.has(device.id);
            return (
              <Table.Tr key={device.id}>
                <Table.Th scope="row" fw={500} style={{ verticalAlign: 'top' }}>
                  <Text size="sm" fw={600}>
                    {device.label}
                  </Text>
                  <Text size="xs" c="dimmed">
                    {deviceDetails(device)}
                  </Text>
                </Table.Th>
                <Table.Td style={{ verticalAlign: 'top', whiteSpace: 'nowrap' }}>{device.serialNumber ?? 'Not known yet'}</Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <DeviceStatus device={device} starting={starting.has(device.id)} progress={progress[device.id] ?? device.progress} />
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  <LastReadings device={device} sensors={sensors} unit={unit} timeZone={timeZone} />
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>
                  {device.kind === 'logger' ? (lastDownloadText(device, timeZone, time) ?? 'Not downloaded yet') : '—'}
                </Table.Td>
                <Table.Td style={{ verticalAlign: 'top' }}>{device.health ?? '—'}</Table.Td>
                {withActions && (
                  <Table.Td style={{ verticalAlign: 'top' }}>
                    <Group gap="xs" justify="flex-end" wrap="nowrap">
                      {canManageProbes && device.probes !== null && (
                        <Button size="xs" variant="default" aria-label={`Probes on ${device.label}`} onClick={() => onProbes(device)}>
                          Probes
                        </Button>
                      )}
                      {canOperate && device.kind === 'logger' && (
                        <Button
                          size="xs"
                          aria-label={`Download ${device.label}`}
                          onClick={() => onDownload(device)}
                          disabled={busy || device.status === 'identifying'}
                        >
                          Download
                        </Button>
                      )}
                      {canOperate && demoMode && device.simulated && (
                        <Button size="xs" variant="default" aria-label={`Unplug ${device.label}`} onClick={() => onUnplug(device)}>
                          Unplug
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                )}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
