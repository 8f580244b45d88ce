import type { HandlerMap } from '../handler';
import { backupStatus, describeBackup, restoreBackup, runBackup } from './backup-service';

function publicInfo<T extends { tenantId: string }>(info: T): Omit<T, 'tenantId'> {
  const { tenantId: _tenantId, ...rest } = info;
  return rest;
}

export const backupHandlers: HandlerMap<'backup.status' | 'backup.now' | 'backup.inspect' | 'backup.restore'> = {
  'backup.status'(_input, { ctx }) {
    return backupStatus(ctx);
  },

  async 'backup.now'(_input, call) {
    const info = await runBackup(call.ctx);
    call.audit({ action: 'backup.create', summary: `Backed up to ${info.path} (${info.counts.auditEntries} audit entries)`, risk: 'LOW', entityType: 'backup' });
    return publicInfo(info);
  },

  'backup.inspect'({ path }, call) {
    return describeBackup(call.ctx, path, call.actor());
  },

  async 'backup.restore'({ path }, call) {
    const actor = call.actor();
    const result = await restoreBackup(call.ctx, path, actor);
    // Written into the restored database: its log shows who brought it back and from where.
    call.audit({ action: 'backup.restore', summary: `Restored the backup ${path}; the previous data is kept at ${result.previousKeptAt}`, risk: 'HIGH', entityType: 'backup' }, actor);
    return result;
  },
};
