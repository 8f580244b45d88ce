import { BATCH_KIND } from '../../../domain/sync/fact-batch';
import { defineModule } from '../feature-module';
import { projectBackupRecords } from './backup-records';
import { startDailyBackups } from './daily-backup';
import { backupHandlers } from './handlers';
import * as m004 from './migrations/004-backup-records';

export const backupModule = defineModule({
  name: 'backup',
  handlers: backupHandlers,
  factKinds: (store) => [{ kind: BATCH_KIND.backupRecords, project: (_docName, batch) => projectBackupRecords(store, batch) }],
  migrations: { '004-backup-records': m004 },
  service: {
    options: ({ timers }) => (timers ? {} : null),
    create: ({ context }) => startDailyBackups(context),
  },
});
