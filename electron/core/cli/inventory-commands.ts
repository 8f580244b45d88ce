import { writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { OpsFlowError } from '../../../domain/errors';
import { PAPER_SIZES, type PaperSize } from '../../../domain/report/inspection-report';
import { countSheetPdf } from '../inventory/count-sheet-pdf';
import { countRow } from '../inventory/counts';
import { describeDifference, reconcileBalances } from '../inventory/reconcile';
import { CLI_ACTOR, auditFromCli, requireSetUp, withEngine } from './cli-engine';
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

  inventory
    .command('count-sheet')
    .description('write the sheet of a stock count to print, by storage area: blind (no quantities on the books) unless --show-expected')
    .requiredOption('--count <id>', 'the count (its id, from the Count screen)')
    .requiredOption('--pdf <file>', 'write the PDF here')
    .addOption(new Option('--paper <size>', 'paper size').choices([...PAPER_SIZES]).default('letter'))
    .option('--show-expected', 'print the quantities on the books too (not a blind count)')
    .addOption(dataDirOption())
    .action(async (opts: { count: string; pdf: string; paper: PaperSize; showExpected?: boolean; dataDir?: string }) => {
      await withEngine(opts.dataDir, async (engine) => {
        requireSetUp(engine);
        const count = countRow(engine.context, opts.count);
        if (!count) throw new OpsFlowError('NOT_FOUND', `There is no stock count "${opts.count}".`);
        const showExpected = opts.showExpected === true;
        const printed = await countSheetPdf(engine.context, count, { paper: opts.paper, showExpected });
        writeFileSync(opts.pdf, Buffer.from(printed.file.base64, 'base64'));
        auditFromCli(engine, {
          action: 'inventory.printCountSheet',
          summary: `Printed the ${showExpected ? 'count sheet with the quantities on the books' : 'blind count sheet'} of ${count.storage_area || 'every storage area'} (${printed.items} item(s))`,
          risk: showExpected ? 'MEDIUM' : 'LOW',
          entityType: 'stockCount',
          entityId: count.id,
          locationId: count.location_id,
        });
        process.stdout.write(`Wrote the ${showExpected ? '' : 'blind '}count sheet of ${count.storage_area || 'every storage area'} to ${opts.pdf}: ${printed.items} item(s) in ${printed.areas} storage area(s).\n`);
      });
    });
}
