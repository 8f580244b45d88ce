import type { Command } from 'commander';
import { archiveDueMonths } from '../report/archive-months';
import { archiveStatus } from '../report/archive-status';
import { verifyArchives } from '../report/archive-verify';
import { CLI_ACTOR, requireSetUp, withEngine } from './cli-engine';
import { dataDirOption } from './data-dir-option';

/**
 * `opsflow haccp archive`: archives the months past the retention now (the app does it by itself a
 * few times a day); `--verify` checks every archive file against its digest and the log documents
 * instead (exit 1 when one does not match). Nothing is ever deleted either way.
 */
export function registerArchiveCommand(haccp: Command): void {
  haccp
    .command('archive')
    .description('move whole months older than the retention into archive files in the data folder (records stay in the log documents); --verify checks them (exit 1 on a problem)')
    .option('--verify', 'check the archive files against their digests and the log documents instead of archiving')
    .option('--json', 'print the result as JSON')
    .addOption(dataDirOption())
    .action(async (opts: { verify?: boolean; json?: boolean; dataDir?: string }) => {
      await withEngine(opts.dataDir, (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        if (opts.verify) {
          const checks = verifyArchives(ctx);
          if (opts.json) process.stdout.write(`${JSON.stringify(checks)}\n`);
          else if (checks.length === 0) process.stdout.write('Nothing is archived yet.\n');
          else for (const c of checks) process.stdout.write(`${c.month} ${c.fileName}: ${c.ok ? 'intact, the log documents hold the same readings' : c.problem}\n`);
          if (checks.some((c) => !c.ok)) process.exitCode = 1;
          return;
        }
        const run = archiveDueMonths(ctx, CLI_ACTOR);
        const status = archiveStatus(ctx, ctx.q.all(ctx.db.selectFrom('locations').select('id')).map((l) => l.id));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ retentionMonths: status.retentionMonths, archivedBeforeDay: status.archivedBeforeDay, folder: status.folder, archived: run.archived, failed: run.failed })}\n`);
        } else {
          process.stdout.write(`Retention ${status.retentionMonths} months: whole months that ended before ${status.archivedBeforeDay} are archived in ${status.folder}.\n`);
          if (run.archived.length === 0) process.stdout.write('Nothing new to archive.\n');
          for (const a of run.archived) process.stdout.write(`Archived ${a.month} of ${a.locationName}: ${a.readings} readings, ${a.records} other records (${a.fileName}).\n`);
          for (const f of run.failed) process.stderr.write(`Could not archive ${f.month}: ${f.reason}\n`);
        }
        if (run.failed.length > 0) process.exitCode = 1;
      });
    });
}
