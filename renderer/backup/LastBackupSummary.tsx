import { Alert, Text } from '@mantine/core';
import type { BackupStatus } from '../../domain/contract/index';
import { formatAge, useTimeFormat } from '../time/time-format';

/** The last good backup in words; a stale one is a warning in text and colour, not colour alone. */
export function LastBackupSummary({ status, timeZone }: { status: BackupStatus; timeZone?: string }) {
  const time = useTimeFormat();
  const last = status.lastSuccessAtMs;
  const when = last === null ? null : `${time.dateTime(last, timeZone)} (${formatAge(last)})`;
  return (
    <>
      {status.stale ? (
        <Alert color="orange" variant="light" title="Warning: backup is out of date" role="status">
          {when
            ? `The last successful backup was made ${when}, more than 2 days ago. Back up now, and check the backup folder and schedule.`
            : 'There is no successful backup yet. Back up now, and check the backup folder and schedule.'}
        </Alert>
      ) : (
        <Text size="sm">
          Last successful backup: <strong>{when ?? 'none yet'}</strong>
        </Text>
      )}
      {status.lastError && (
        <Alert color="red" variant="light" title="The last backup failed" mt="xs">
          {status.lastError}
        </Alert>
      )}
    </>
  );
}
