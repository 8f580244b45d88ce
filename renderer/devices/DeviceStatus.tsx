import { Progress, Stack, Text } from '@mantine/core';
import { StatusBadge } from '../shell/StatusBadge';
import type { DeviceView, DownloadProgress } from '../../domain/contract/index';
import { formatCount } from '../sensors/temperature';
import { failureSentence, progressPercent, timeLeftText } from './device-text';

interface DeviceStatusProps {
  device: DeviceView;
  /** This window asked for a download the list does not show yet. */
  starting: boolean;
  progress: DownloadProgress | null;
}

/** The device's state in words; while downloading, a bar with the percent and the time left. */
export function DeviceStatus({ device, starting, progress }: DeviceStatusProps) {
  if (device.status === 'downloading' || starting) {
    const percent = progressPercent(progress);
    const left = progress ? timeLeftText(progress.etaMs) : 'starting';
    return (
      <Stack gap={4} miw={180}>
        <Text size="sm" fw={600}>
          Downloading {percent}%
        </Text>
        <Progress.Root size="md">
          <Progress.Section
            value={percent}
            withAria={false}
            role="progressbar"
            aria-label={`Download of ${device.label}`}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={percent}
            aria-valuetext={`${percent}%, ${left}`}
          />
        </Progress.Root>
        <Text size="xs" c="dimmed">
          {progress && progress.total > 0
            ? `${formatCount(progress.done)} of ${formatCount(progress.total)} readings · ${left}`
            : 'Starting the download…'}
        </Text>
      </Stack>
    );
  }
  if (device.status === 'failed') {
    return (
      <Text size="sm" c="var(--mantine-color-error)" maw={320}>
        <strong>Failed:</strong> {failureSentence(device)}
      </Text>
    );
  }
  if (device.status === 'identifying') {
    return (
      <StatusBadge color="gray">Identifying…</StatusBadge>
    );
  }
  return (
    <Stack gap={2} align="flex-start">
      <StatusBadge color="green">Ready</StatusBadge>
      {device.lastError && (
        <Text size="xs" c="dimmed" maw={320}>
          Last problem: {device.lastError}
        </Text>
      )}
    </Stack>
  );
}
