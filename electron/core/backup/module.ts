import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import { defineModule } from '../feature-module';
import { projectBackupRecords } from './backup-records';
import { startDailyBackups } from './daily-backup';
import { backupHandlers } from './handlers';
import * as m005 from './migrations/005-backup-records';

export const backupModule = defineModule({
  name: 'backup',
  handlers: backupHandlers,
  factKinds: (store) => [{ kind: BATCH_KIND.backupRecords, changes: 'backups', project: (_docName, batch) => projectBackupRecords(store, batch) }],
  migrations: { '005-backup-records': m005 },
  service: {
    options: ({ timers }) => (timers ? {} : null),
    create: ({ context }) => startDailyBackups(context),
  },
});
