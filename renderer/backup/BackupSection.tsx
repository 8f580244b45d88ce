import { Button, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { notifySuccess } from '../shell/notify';
import { useState } from 'react';
import type { Settings } from '../../domain/contract/index';
import { useCan } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { useApiQuery } from '../bridge/use-api-query';
import { ErrorAlert } from '../shell/ErrorAlert';
import { BackupList } from './BackupList';
import { BackupSettingsForm } from './BackupSettingsForm';
import { LastBackupSummary } from './LastBackupSummary';
import { RestorePanel } from './RestorePanel';

export function BackupSection({ settings, onSettingsSaved, timeZone }: { settings: Settings; onSettingsSaved(): void; timeZone?: string }) {
  const canEditSettings = useCan('settings.manage');
  const canRestore = useCan('backup.restore');
  const status = useApiQuery('backup.status', {}, { refreshOn: ['backups'] });
  const [restorePath, setRestorePath] = useState('');
  const [picked, setPicked] = useState<{ path: string; seq: number } | null>(null);
  const pick = (path: string) => {
    setRestorePath(path);
    setPicked((last) => ({ path, seq: (last?.seq ?? 0) + 1 }));
  };
  const reloadStatus = status.reload;

  const backUp = useApiAction(async () => {
    const info = await api.invoke('backup.now', {});
    notifySuccess(info.path, 'Backup written and verified');
    reloadStatus();
  });

  return (
    <Stack gap="md">
      <ErrorAlert error={status.error} />
      {status.data && <LastBackupSummary status={status.data} timeZone={timeZone} />}
      <Group>
        <Button onClick={() => void backUp.run()} loading={backUp.busy}>
          Back up now
        </Button>
      </Group>
      <ErrorAlert error={backUp.error} title="The backup failed" />
      <BackupSettingsForm settings={settings} canEdit={canEditSettings} onSaved={onSettingsSaved} />
      <Divider />
      <Title order={3}>Backups in the folder</Title>
      {canRestore && <Text size="sm">Newest first. “Restore…” shows what a backup holds; nothing changes until you confirm.</Text>}
      {status.data && <BackupList backups={status.data.backups} timeZone={timeZone} onPick={canRestore ? pick : undefined} />}
      <Divider />
      <Title order={3}>Restore from a backup</Title>
      {canRestore ? (
        <RestorePanel
          path={restorePath}
          onPathChange={setRestorePath}
          knownPaths={status.data?.backups.map((b) => b.path) ?? []}
          picked={picked}
          timeZone={timeZone}
        />
      ) : (
        <Text size="sm">A restore replaces the whole organization’s data on this PC: only an organization admin can do it.</Text>
      )}
    </Stack>
  );
}
