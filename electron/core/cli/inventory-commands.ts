import type { Command } from 'commander';
import { describeDifference, reconcileBalances } from '../inventory/reconcile';
import { CLI_ACTOR, requireSetUp, withEngine } from './cli-engine';
import { dataDirOption } from './data-dir-option';

export function registerInventoryCommands(program: Command): void {
  const inventory = program.command('inventory').description('stock: the ledger and the balances it sums to');
  inventory
    .command('reconcile')
    .description('recompute every stock balance from the ledger; repair and list any that differed (exit 1), exit 0 when all matched')
    .addOption(dataDirOption())
    .option('--json', 'print the differences as JSON')
    .action(async (opts: { dataDir?: string; json?: boolean }) => {
      await withEngine(opts.dataDir, (engine) => {
        requireSetUp(engine);
        const differences = reconcileBalances(engine.context, CLI_ACTOR);
        if (opts.json) process.stdout.write(`${JSON.stringify({ ok: differences.length === 0, differences })}\n`);
        else if (differences.length === 0) process.stdout.write('OK: every stock balance matches the ledger.\n');
        else for (const d of differences) process.stdout.write(`REPAIRED ${describeDifference(d)}\n`);
        if (differences.length > 0) process.exitCode = 1;
      });
    });
}
