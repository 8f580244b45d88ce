import { ErrorAlert } from '../shell/ErrorAlert';
import { Button, Checkbox, Group, NumberInput, Stack, TextInput } from '@mantine/core';
import { notifySuccess } from '../shell/notify';
import { useEffect, useState, type FormEvent } from 'react';
import type { Settings } from '../../domain/contract/index';
import { backupKeep } from '../../domain/contract/settings';
import { checkRequired } from '../auth/form-checks';
import { api } from '../bridge/api';
import { useFormErrors } from '../shell/use-form-errors';
import { useApiAction } from '../bridge/use-api-action';
import { refusal } from '../shell/schema-check';

type Field = 'folder' | 'keep';

/** Where this PC writes its backups, how many it keeps, and whether it backs up daily. */
export function BackupSettingsForm({ settings, canEdit, onSaved }: { settings: Settings; canEdit: boolean; onSaved(): void }) {
  const [folder, setFolder] = useState(settings.backupFolder);
  const [keep, setKeep] = useState<number | string>(settings.backupKeep);
  const [daily, setDaily] = useState(settings.backupDaily);
  const { errors, validate, clear, bind } = useFormErrors<Field>();

  useEffect(() => {
    setFolder(settings.backupFolder);
    setKeep(settings.backupKeep);
    setDaily(settings.backupDaily);
  }, [settings.backupFolder, settings.backupKeep, settings.backupDaily]);

  const save = useApiAction(async (backupKeep: number) => {
    await api.invoke('settings.update', { backupFolder: folder.trim(), backupKeep, backupDaily: daily });
    notifySuccess('Backup settings saved.');
    onSaved();
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const count = typeof keep === 'number' ? keep : Number.NaN;
    if (validate({
      folder: checkRequired(folder, 'the folder to write backups to'),
      keep: refusal(backupKeep, keep),
    })) void save.run(count);
  }

  return (
    <form onSubmit={submit} noValidate aria-label="Backup settings">
      <Stack gap="sm">
        <Group align="flex-start" gap="sm" wrap="nowrap">
          <TextInput
            label="Backup folder"
            description="A folder on this PC or a mounted drive; a USB stick or network share keeps backups off this disk."
            value={folder}
            {...bind('folder', setFolder)}
            readOnly={!canEdit}
            maxLength={1024}
            style={{ flexGrow: 1 }}
          />
          <NumberInput
            label="Backups to keep"
            description="Older ones are deleted."
            min={1}
            max={365}
            clampBehavior="none"
            allowDecimal={false}
            allowNegative={false}
            value={keep}
            onChange={(value) => {
              clear('keep');
              setKeep(value);
            }}
            error={errors.keep}
            readOnly={!canEdit}
            w={180}
          />
        </Group>
        <Checkbox
          label="Back up automatically every day"
          checked={daily}
          onChange={(e) => setDaily(e.currentTarget.checked)}
          disabled={!canEdit}
        />
        <ErrorAlert error={save.error} />
        {canEdit && (
          <Group>
            <Button type="submit" variant="default" loading={save.busy}>
              Save backup settings
            </Button>
          </Group>
        )}
      </Stack>
    </form>
  );
}
