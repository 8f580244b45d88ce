import { Text, Tooltip } from '@mantine/core';
import { syncStatusLine } from '../../domain/sync/sync-status-words';
import { useTimeFormat, formatAge } from '../time/time-format';
import { useNow } from '../time/use-now';
import { useSyncStatus } from './use-sync-status';

/** The header's small line: "Synced 2 min ago", "Offline since 14:02 · 37 changes waiting". */
export function SyncStatusLine({ timeZone }: { timeZone?: string }) {
  const status = useSyncStatus().data;
  const time = useTimeFormat();
  const now = useNow();
  if (!status) return null;
  const line = syncStatusLine(status, { ago: (ms) => formatAge(ms, now), time: (ms) => time.short(ms, timeZone, now) });
  if (!line) return null;
  const color = status.state === 'connected' ? (status.changesWaiting > 0 ? 'yellow.8' : 'dimmed') : 'orange.8';
  return (
    <Tooltip label={status.lastError ?? `Hub: ${status.hubUrl}`} withArrow>
      <Text size="sm" c={color} truncate="end" data-testid="sync-status-line">
        {line}
      </Text>
    </Tooltip>
  );
}
