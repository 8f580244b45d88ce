import type { Command } from 'commander';
import { OpsFlowError } from '../../../domain/errors';
import { resolveDataDir } from '../data-dir';
import { seedDemo } from '../demo/demo-seed';
import { dataDirOption } from './data-dir-option';

export function registerDemoCommands(program: Command): void {
  const demo = program.command('demo').description('demo data for trying OpsFlow out');
  demo
    .command('seed')
    .description('fill a FRESH data folder with a believable restaurant: units, sensors, a month of readings with excursions, checklists, cooling logs, inventory, tasks')
    .option('--days <n>', 'how many days of history, 1 to 366', '30')
    .addOption(dataDirOption())
    .action(async (opts: { days: string; dataDir?: string }) => {
      if (!/^\d+$/.test(opts.days.trim())) throw new OpsFlowError('BAD_INPUT', `--days: "${opts.days}" is not a whole number of days.`);
      const dataDir = resolveDataDir(opts.dataDir);
      const r = await seedDemo(dataDir, { days: Number(opts.days) });
      process.stdout.write(
        `Seeded ${r.locationName} in ${dataDir}: ${r.fromDay} to ${r.toDay}, ${r.readings} readings, ${r.excursions} excursion(s).\n` +
          `Sign in as "${r.admin.username}" with the password "${r.admin.password}".\n` +
          `Try: opsflow report haccp --location "${r.locationName}" --from ${r.fromDay} --to ${r.toDay} --pdf report.pdf --data-dir ${dataDir}\n`,
      );
    });
}
