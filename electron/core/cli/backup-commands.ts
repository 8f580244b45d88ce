import { resolve } from 'node:path';
import type { Command } from 'commander';
import { checkBackupFolder } from '../backup/backup-folder';
import { OpsFlowError } from '../../../domain/errors';
import { describeBackup, restoreBackup, runBackup } from '../backup/backup-service';
import { CLI_ACTOR, requireSetUp, withEngine } from './cli-engine';
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
        if (opts.to) {
          // Relative to where the command was typed; checked like a folder chosen in Settings.
          const folder = resolve(opts.to);
          await checkBackupFolder(folder);
          ctx.stationSettings.set('backupFolder', folder);
        }
        const info = await runBackup(ctx, CLI_ACTOR, (i) => `Backed up to ${i.path} from the command line`);
        process.stdout.write(`Backup written and verified: ${info.path} (${info.counts.users} users, ${info.counts.auditEntries} audit entries)\n`);
      });
    });

  program
    .command('restore <file>')
    .description('replace the data with a backup file, all or nothing (the current database is kept aside first)')
    .addOption(dataDirOption())
    .option('--yes', 'do not ask for confirmation')
    .option('--accept-foreign', 'restore a file OpsFlow has no record of writing (logged as CRITICAL)')
    .action(async (file: string, opts: { dataDir?: string; yes?: boolean; acceptForeign?: boolean }) => {
      await withEngine(opts.dataDir, async (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        const info = await describeBackup(ctx, file, CLI_ACTOR);
        process.stdout.write(
          `Backup of "${info.organizationName}" from ${new Date(info.createdAtMs).toISOString()}: ${info.counts.users} users, ${info.counts.locations} locations, ${info.counts.auditEntries} audit entries.\n` +
            (info.recorded
              ? `Written by OpsFlow on ${new Date(info.recorded.atMs).toISOString()} by ${info.recorded.actorName} (SHA-256 ${info.sha256}).\n`
              : `A foreign file: OpsFlow has no record of writing it (SHA-256 ${info.sha256}).\n`),
        );
        if (!opts.yes) {
          process.stderr.write('opsflow: add --yes to replace the current data with this backup.\n');
          process.exitCode = 1;
          return;
        }
        if (!info.recorded && !opts.acceptForeign) {
          throw new OpsFlowError('BACKUP_FOREIGN', 'OpsFlow has no record of writing that file; add --accept-foreign to restore it anyway (the restore is logged as CRITICAL).');
        }
        const result = await restoreBackup(ctx, file, { acceptForeign: opts.acceptForeign === true, actor: CLI_ACTOR });
        process.stdout.write(`Restored. The previous database is kept at ${result.previousKeptAt}\n`);
      });
    });
}
