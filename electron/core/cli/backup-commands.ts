import { MIGRATIONS } from '../modules';
import type { Command } from 'commander';
import { runBackup, restoreBackup } from '../backup/backup-service';
import { inspectBackup } from '../backup/inspect-backup';
import { CLI_ACTOR, auditFromCli, requireSetUp, withEngine } from './cli-engine';
import { dataDirOption } from './data-dir-option';

export function registerBackupCommands(program: Command): void {
  program
    .command('backup')
    .description('back up the database now (verified after writing) into the backup folder')
    .addOption(dataDirOption())
    .option('--to <folder>', 'write into this folder instead of the configured one')
    .action(async (opts: { dataDir?: string; to?: string }) => {
      await withEngine(opts.dataDir, async (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        if (opts.to) ctx.stationSettings.set('backupFolder', opts.to);
        const info = await runBackup(ctx);
        auditFromCli(engine, { action: 'backup.create', summary: `Backed up to ${info.path} from the command line`, risk: 'LOW', entityType: 'backup' });
        process.stdout.write(`Backup written and verified: ${info.path} (${info.counts.users} users, ${info.counts.auditEntries} audit entries)\n`);
      });
    });

  program
    .command('restore <file>')
    .description('replace the data with a backup file (the current database is kept aside first)')
    .addOption(dataDirOption())
    .option('--yes', 'do not ask for confirmation')
    .action(async (file: string, opts: { dataDir?: string; yes?: boolean }) => {
      const info = inspectBackup(file, new Set(Object.keys(MIGRATIONS)));
      process.stdout.write(
        `Backup of "${info.organizationName}" from ${new Date(info.createdAtMs).toISOString()}: ${info.counts.users} users, ${info.counts.locations} locations, ${info.counts.auditEntries} audit entries.\n`,
      );
      if (!opts.yes) {
        process.stderr.write('opsflow: add --yes to replace the current data with this backup.\n');
        process.exitCode = 1;
        return;
      }
      await withEngine(opts.dataDir, async (engine) => {
        const result = await restoreBackup(engine.context, file, CLI_ACTOR);
        auditFromCli(engine, { action: 'backup.restore', summary: `Restored ${file} from the command line; previous data kept at ${result.previousKeptAt}`, risk: 'HIGH', entityType: 'backup' });
        process.stdout.write(`Restored. The previous database is kept at ${result.previousKeptAt}\n`);
      });
    });
}
