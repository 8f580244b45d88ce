import type { HandlerMap } from '../handler';
import { backupStatus, describeBackup, restoreBackup, runBackup } from './backup-service';

export const backupHandlers: HandlerMap<'backup.status' | 'backup.now' | 'backup.inspect' | 'backup.restore'> = {
  'backup.status'(_input, { ctx }) {
    return backupStatus(ctx);
  },

  'backup.now'(_input, call) {
    return runBackup(call.ctx, call.actor(), (info) => `Backed up to ${info.path} (${info.counts.auditEntries} audit entries)`);
  },

  'backup.inspect'({ path }, call) {
    return describeBackup(call.ctx, path, call.actor());
  },

  // The restore's audit entry is written into the restored database by restoreBackup itself: its
  // log shows who brought it back, from which file, and whether OpsFlow wrote that file.
  'backup.restore'({ path, acceptForeign }, call) {
    return restoreBackup(call.ctx, path, { acceptForeign, actor: call.actor() });
  },
};
