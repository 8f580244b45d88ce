import { Anchor, Button, Group, Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { DeviceView } from '../../domain/contract/index';
import { useCan, useSession } from '../auth/session-store';
import { api } from '../bridge/api';
import { messageOf } from '../bridge/api-error';
import { useApiAction } from '../bridge/use-api-action';
import { useTimeFormat } from '../time/time-format';
import { useLocations, zoneFor } from '../locations/use-locations';
import { useSensors } from '../sensors/use-sensors';
import { formatCount } from '../sensors/temperature';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifyFailure, notifySuccess } from '../shell/notify';
import { DemoModeBar, type DemoDevice } from './DemoModeBar';
import { DevicesTable } from './DevicesTable';
import { ProbesModal } from './ProbesModal';
import { useDevices, useDownloadProgress, useLatestDeviceMessage } from './use-devices';

export function DevicesScreen() {
  useDocumentTitle('Devices · OpsFlow');
  const { user } = useSession();
  const time = useTimeFormat();
  const canOperate = useCan('devices.operate');
  const canManageProbes = useCan('sensors.manage');
  const canSeeSettings = useCan('settings.view');
  const devices = useDevices();
  const sensors = useSensors();
  const locations = useLocations();
  const timeZone = zoneFor(locations.data);
  const list = devices.data?.devices;
  const demoMode = devices.data?.demoMode ?? false;
  const progress = useDownloadProgress(list);
  const latest = useLatestDeviceMessage();
  const [starting, setStarting] = useState<ReadonlySet<string>>(new Set());
  const [probesOf, setProbesOf] = useState<string | null>(null);
  const probeBus = list?.find((d) => d.id === probesOf && d.probes !== null) ?? null;
  // An adapter unplugged while its probes were open: do not reopen them by surprise when it is back.
  useEffect(() => {
    if (probesOf !== null && list && !probeBus) setProbesOf(null);
  }, [probesOf, list, probeBus]);

  const download = useCallback(
    async (device: DeviceView) => {
      setStarting((s) => new Set(s).add(device.id));
      try {
        const result = await api.invoke('devices.download', { deviceId: device.id });
        notifySuccess(
          `${formatCount(result.added)} new readings stored, ${formatCount(result.alreadyThere)} already there.`,
          `Downloaded ${device.label}`,
        );
      } catch (err) {
        notifyFailure(`The download from ${device.label} failed`, messageOf(err));
      } finally {
        setStarting((s) => {
          const next = new Set(s);
          next.delete(device.id);
          return next;
        });
        devices.reload();
        sensors.reload();
      }
    },
    [devices.reload, sensors.reload],
  );

  const plug = useApiAction(async (device: DemoDevice) => {
    await api.invoke('devices.demoPlug', { device });
    devices.reload();
  });
  const unplug = useApiAction(async (device: DeviceView) => {
    await api.invoke('devices.demoUnplug', { deviceId: device.id });
    devices.reload();
  });

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Devices</Title>
          <Text size="sm" c="dimmed">
            Thermometers, probes and data loggers plugged into this PC. Times are in this location&apos;s time zone.
          </Text>
          <Text size="sm" role="status" aria-live="polite" mih={21} mt={2}>
            {latest ? `Latest: ${latest.message} (${time.short(latest.atMs, timeZone)})` : ''}
          </Text>
        </div>
        <Group gap="md">
          <Anchor component={Link} to="/sensors" size="sm">
            All sensors
          </Anchor>
          <Button variant="subtle" size="xs" onClick={devices.reload}>
            Refresh
          </Button>
        </Group>
      </Group>
      {demoMode && (
        <DemoModeBar devices={list ?? []} canOperate={canOperate} busy={plug.busy} onPlug={(device) => void plug.run(device)} />
      )}
      <ErrorAlert error={devices.error} />
      <ErrorAlert error={plug.error ?? unplug.error} />
      {devices.data?.stationLocationNotGranted && (
        <Paper withBorder p="lg" ta="center">
          <Text fw={600}>This PC stands in {devices.data.stationLocationNotGranted}.</Text>
          <Text size="sm" mt={4}>
            Its devices are shown only to people granted {devices.data.stationLocationNotGranted}. Ask an administrator for access.
          </Text>
        </Paper>
      )}
      {list && list.length === 0 && !devices.data?.stationLocationNotGranted && (
        <Paper withBorder p="lg" ta="center">
          <Text fw={600}>No devices connected.</Text>
          <Text size="sm" mt={4}>
            Plug in a logger or thermometer, or turn on demo mode in{' '}
            {canSeeSettings ? (
              <Anchor component={Link} to="/settings" size="sm">
                Settings
              </Anchor>
            ) : (
              'Settings'
            )}
            .
          </Text>
        </Paper>
      )}
      {list && list.length > 0 && (
        <DevicesTable
          devices={list}
          sensors={sensors.data}
          progress={progress}
          starting={starting}
          unit={user.temperatureUnit}
          timeZone={timeZone}
          canOperate={canOperate}
          canManageProbes={canManageProbes}
          demoMode={demoMode}
          onDownload={(device) => void download(device)}
          onUnplug={(device) => void unplug.run(device)}
          onProbes={(device) => setProbesOf(device.id)}
        />
      )}
      <ProbesModal
        device={probeBus}
        onClose={() => setProbesOf(null)}
        onChanged={() => {
          devices.reload();
          sensors.reload();
        }}
      />
      {!list && devices.loading && <Text size="sm">Loading devices…</Text>}
    </Stack>
  );
}
