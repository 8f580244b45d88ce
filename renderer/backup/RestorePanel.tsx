import { Alert, Button, Checkbox, Group, Stack, Text, TextInput } from '@mantine/core';
import { useId } from '@mantine/hooks';
import { useEffect, useState, type FormEvent } from 'react';
import type { BackupInfo } from '../../domain/contract/index';
import { signOut } from '../auth/session-actions';
import { leaveSignInNotice } from '../auth/sign-in-notice';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { useTimeFormat } from '../time/time-format';
import { ConfirmModal } from '../shell/ConfirmModal';
import { BackupContents } from './BackupContents';

interface RestorePanelProps {
  path: string;
  onPathChange(path: string): void;
  knownPaths: string[];
  /** A backup chosen from the folder's list: inspected at once (seq tells a second click on the same one). */
  picked: { path: string; seq: number } | null;
  timeZone?: string;
}

/** Inspect a backup file, confirm, restore; then the app starts over at sign-in. */
export function RestorePanel({ path, onPathChange, knownPaths, picked, timeZone }: RestorePanelProps) {
  const time = useTimeFormat();
  const [inspected, setInspected] = useState<BackupInfo | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [pathError, setPathError] = useState<string | null>(null);
  const [acceptForeign, setAcceptForeign] = useState(false);
  const listId = useId();

  // What was inspected belongs to one path: typing or choosing another one asks for a new look.
  useEffect(() => {
    setInspected(null);
    setPathError(null);
    setAcceptForeign(false);
  }, [path]);

  const inspect = useApiAction(async (target: string) => {
    setInspected(await api.invoke('backup.inspect', { path: target }));
  });
  // After the reset above (effects run in order), so a pick shows what it holds with one click.
  useEffect(() => {
    if (picked) void inspect.run(picked.path);
  }, [picked?.seq]);
  const restore = useApiAction(async (info: BackupInfo) => {
    const result = await api.invoke('backup.restore', { path: info.path, confirm: true, acceptForeign: info.recorded === null && acceptForeign });
    // Sign out first: the sign-in screen that appears for a moment must not take the notice
    // meant for the one after the reload.
    await signOut();
    leaveSignInNotice(
      `Restored the backup of ${time.dateTime(result.restored.createdAtMs, timeZone)}. ` +
        `The data from before the restore was kept at ${result.previousKeptAt}. Sign in again to continue.`,
    );
    window.location.reload();
  });

  // The desktop app's own file dialog; a chosen file is inspected at once.
  const shell = window.opsflowShell;
  async function chooseFile() {
    const chosen = await shell?.chooseBackupFile();
    if (!chosen) return;
    onPathChange(chosen);
    void inspect.run(chosen);
  }

  function onInspect(event: FormEvent) {
    event.preventDefault();
    const problem = path.trim() ? null : 'Enter the path of a backup file, or choose one from the list.';
    setPathError(problem);
    if (!problem) void inspect.run(path.trim());
  }

  return (
    <Stack gap="sm">
      <form onSubmit={onInspect} noValidate aria-label="Inspect a backup">
        <Group align="flex-start" gap="sm" wrap="nowrap">
          {/* A native datalist offers the folder's backups as quick picks and keeps one labelled control. */}
          <datalist id={listId}>
            {knownPaths.map((known) => (
              <option key={known} value={known} />
            ))}
          </datalist>
          <TextInput
            label="Another backup file"
            // A browser's file picker hands over the file's content, never its path, and the engine
            // restores from a path: in browser mode a file elsewhere (a USB stick) is typed here.
            description={
              shell
                ? 'Restore from a file that is not in the list above (for example on a USB stick): choose it, or type its full path.'
                : 'Restore from a file that is not in the list above (for example on a USB stick): type its full path.'
            }
            placeholder="/path/to/opsflow-backup.db"
            list={listId}
            autoComplete="off"
            value={path}
            onChange={(e) => {
              onPathChange(e.currentTarget.value);
            }}
            error={pathError}
            maxLength={4096}
            style={{ flexGrow: 1 }}
          />
          {shell && (
            <Button variant="default" mt={22} onClick={() => void chooseFile()}>
              Choose file…
            </Button>
          )}
          <Button type="submit" variant="default" loading={inspect.busy} mt={22}>
            Inspect
          </Button>
        </Group>
      </form>
      {inspect.error && (
        <Alert color="red" variant="light" role="alert" title="This file cannot be restored">
          {inspect.error}
        </Alert>
      )}
      {inspected && (
        <>
          <BackupContents info={inspected} timeZone={timeZone} />
          {inspected.recorded === null && (
            <Alert color="orange" variant="light" title="OpsFlow did not write this file">
              <Stack gap="xs">
                <Text size="sm">
                  None of this organization’s backups has this content (SHA-256 <Text span ff="monospace" size="xs">{inspected.sha256}</Text>): it
                  was written elsewhere, or changed since OpsFlow wrote it. Restore it only if you know where it comes from.
                </Text>
                <Checkbox
                  label="I know where this file comes from: restore it as a foreign file (recorded as CRITICAL in the audit log)"
                  checked={acceptForeign}
                  onChange={(e) => setAcceptForeign(e.currentTarget.checked)}
                />
              </Stack>
            </Alert>
          )}
          <Group>
            <Button
              color="red"
              disabled={inspected.recorded === null && !acceptForeign}
              onClick={() => {
                restore.setError(null);
                setConfirming(true);
              }}
            >
              Restore
            </Button>
            <Text size="sm" c="dimmed">
              Replaces all current data on this PC with this backup.
            </Text>
          </Group>
        </>
      )}
      {inspected && (
        <ConfirmModal
          opened={confirming}
          title="Replace the current data with this backup?"
          confirmLabel="Replace current data"
          danger
          busy={restore.busy}
          error={restore.error}
          onConfirm={() => void restore.run(inspected)}
          onClose={() => setConfirming(false)}
        >
          <Stack gap="xs">
            <Text size="sm">
              Everything on this PC goes back to the backup of <strong>{time.dateTime(inspected.createdAtMs, timeZone)}</strong>{' '}
              ({inspected.organizationName}). Changes made since then are no longer shown.
            </Text>
            <Text size="sm">
              The current database is kept aside first, so nothing is lost. Everyone is signed out and OpsFlow restarts at
              the sign-in screen. The restore is recorded as CRITICAL in the audit log.
            </Text>
          </Stack>
        </ConfirmModal>
      )}
    </Stack>
  );
}
