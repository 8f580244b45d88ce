import { Button, Code, Group, Stack, Text, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useCan } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ConfirmModal } from '../shell/ConfirmModal';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { StatusBadge } from '../shell/StatusBadge';
import { locationNames, useLocations } from '../locations/use-locations';
import { useTimeFormat } from '../time/time-format';
import { useSyncStatus } from './use-sync-status';

const STATE_WORDS = { standalone: 'Not connected', connecting: 'Connecting', connected: 'Connected', offline: 'Offline' } as const;
const STATE_COLORS = { standalone: 'gray', connecting: 'blue', connected: 'green', offline: 'orange' } as const;

/** Settings → Connect to hub: enroll this PC with a code, then its sync status. */
export function HubSection({ timeZone }: { timeZone?: string }) {
  const canManage = useCan('sync.manage');
  const status = useSyncStatus();
  const time = useTimeFormat();
  const locations = useLocations();
  const [hubUrl, setHubUrl] = useState('');
  const [code, setCode] = useState('');
  const [confirming, setConfirming] = useState(false);
  const reload = status.reload;

  const enroll = useApiAction(async () => {
    await api.invoke('sync.enroll', { hubUrl, code });
    setCode('');
    notifySuccess('This PC now syncs with the hub; its data is uploaded first.', 'Connected to the hub');
    reload();
  });
  const disconnect = useApiAction(async () => {
    await api.invoke('sync.disconnect', { confirm: true });
    setConfirming(false);
    reload();
  });

  const s = status.data;
  if (!s) return <ErrorAlert error={status.error} />;
  return (
    <Stack gap="sm">
      <Group gap="sm">
        <StatusBadge color={STATE_COLORS[s.state]}>{STATE_WORDS[s.state]}</StatusBadge>
        {s.hubUrl && <Text size="sm">{s.hubUrl}</Text>}
      </Group>
      {s.state !== 'standalone' && (
        <Stack gap={2} data-testid="sync-details">
          <Text size="sm">Changes waiting for the hub: {s.changesWaiting}</Text>
          <Text size="sm">Last synced: {s.lastSyncedAtMs === null ? 'not yet' : time.dateTime(s.lastSyncedAtMs, timeZone)}</Text>
          {s.readLocationIds.length > 0 && <Text size="sm">Also reads (never changes): {locationNames(locations.data, s.readLocationIds).join(', ')}</Text>}
          {s.offlineSinceMs !== null && <Text size="sm">Offline since: {time.dateTime(s.offlineSinceMs, timeZone)}</Text>}
          {s.lastError && (
            <Text size="sm" c="orange.8">
              {s.lastError}
            </Text>
          )}
          {s.refusedDirectoryChanges && (
            <Text size="sm" c="orange.8" data-testid="refused-directory-changes">
              The hub refused this PC’s changes to the organization’s users or catalog: {s.refusedDirectoryChanges} Those changes stay on this PC
              only; make them on the organization’s main PC. Everything else keeps syncing.
            </Text>
          )}
        </Stack>
      )}
      {s.state === 'standalone' && (
        <Text size="sm">
          This PC works on its own. To sync it with the other restaurants of the chain, ask the hub’s operator for an enrollment code made for this
          organization <Code>{s.tenantId}</Code> and location <Code>{s.locationId}</Code>. Everything on this PC is kept and uploaded.
        </Text>
      )}
      {canManage && s.state === 'standalone' && (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void enroll.run();
          }}
        >
          <Stack gap="xs" maw={480}>
            <TextInput label="Hub address" placeholder="http://hub.example.com:8740" value={hubUrl} onChange={(e) => setHubUrl(e.currentTarget.value)} required />
            <TextInput label="Enrollment code" placeholder="ABCD-EFGH-JKMN" value={code} onChange={(e) => setCode(e.currentTarget.value)} required />
            <Group>
              <Button type="submit" loading={enroll.busy}>
                Connect to hub
              </Button>
            </Group>
            <ErrorAlert error={enroll.error} title="Not connected" />
          </Stack>
        </form>
      )}
      {canManage && s.state !== 'standalone' && (
        <Group>
          <Button variant="default" onClick={() => setConfirming(true)}>
            Disconnect from the hub…
          </Button>
        </Group>
      )}
      {!canManage && s.state === 'standalone' && <Text size="sm">Only an organization admin can connect this PC to a hub.</Text>}
      <ConfirmModal
        opened={confirming}
        title="Disconnect from the hub?"
        confirmLabel="Disconnect"
        danger
        busy={disconnect.busy}
        error={disconnect.error}
        onClose={() => setConfirming(false)}
        onConfirm={() => void disconnect.run()}
      >
        <Text size="sm">
          This PC stops syncing and forgets its hub token. Its data stays here. {s.changesWaiting > 0 ? `${s.changesWaiting} changes have not reached the hub yet.` : ''}
        </Text>
      </ConfirmModal>
    </Stack>
  );
}
