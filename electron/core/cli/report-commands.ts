import { readFileSync, writeFileSync } from 'node:fs';
import { Option, type Command } from 'commander';
import { OpsFlowError } from '../../../domain/errors';
import { PAPER_SIZES, rangeProblem, type PaperSize } from '../../../domain/report/inspection-report';
import { makeReport } from '../report/report-file';
import { verifyReportFile } from '../report/report-verify';
import { auditFromCli, requireSetUp, withEngine } from './cli-engine';
import { dataDirOption } from './data-dir-option';
import { resolveLocation } from './user-commands';

function readReport(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new OpsFlowError('NOT_FOUND', `Cannot read ${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'there is no such file' : (err as Error).message}.`);
  }
}

export function registerReportCommands(program: Command): void {
  const report = program.command('report').description("the inspector's HACCP report, and checking one against the data");

  report
    .command('haccp')
    .description("write the inspector's report for a location and range: daily min/max per unit, excursions, checklists, cooling logs, calibration")
    .requiredOption('--location <name or id>', 'the location')
    .requiredOption('--from <day>', 'first day, at the location (2026-03-01)')
    .requiredOption('--to <day>', 'last day, included (2026-03-31)')
    .option('--pdf <file>', 'write the PDF here')
    .option('--csv <file>', 'write the CSV here')
    .addOption(new Option('--paper <size>', 'paper size of the PDF').choices([...PAPER_SIZES]).default('letter'))
    .option('--twice-daily', 'add each day’s first reading after 08:00 and after 20:00')
    .addOption(dataDirOption())
    .action(async (opts: { location: string; from: string; to: string; pdf?: string; csv?: string; paper: PaperSize; twiceDaily?: boolean; dataDir?: string }) => {
      if (!opts.pdf && !opts.csv) throw new OpsFlowError('BAD_INPUT', 'Say where to write the report: --pdf out.pdf and/or --csv out.csv.');
      const problem = rangeProblem(opts.from, opts.to);
      if (problem) throw new OpsFlowError('BAD_INPUT', `--from/--to: ${problem}`);
      await withEngine(opts.dataDir, async (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        const locationId = resolveLocation(ctx, opts.location);
        const made = await makeReport(ctx, { locationId, fromDay: opts.from, toDay: opts.to, twiceDaily: opts.twiceDaily === true, asOfMs: ctx.now() }, { paper: opts.paper, pdf: !!opts.pdf, csv: !!opts.csv });
        if (opts.pdf) writeFileSync(opts.pdf, made.pdf!);
        if (opts.csv) writeFileSync(opts.csv, made.csv!);
        auditFromCli(engine, {
          action: 'report.haccp',
          summary: `Made the HACCP report of ${made.report.location.name} from ${opts.from} to ${opts.to} (digest ${made.stamp.digest.slice(0, 16)})`,
          risk: 'LOW',
          entityType: 'location',
          entityId: locationId,
          locationId,
        });
        const r = made.report;
        process.stdout.write(
          `Wrote the report of ${r.location.name}, ${opts.from} to ${opts.to}: ${r.units.length} unit(s), ${r.excursions.length} excursion(s), ${r.checklists.length} checklist(s), ${r.cooling.length} cooling log(s), ${r.sensors.length} sensor(s).\n` +
            `${[opts.pdf, opts.csv].filter(Boolean).join(' and ')}; digest ${made.stamp.digest}\n`,
        );
      });
    });

  report
    .command('verify')
    .description('check a report PDF against the data: has any record it shows changed since it was made? (exit 0: no; 1: yes)')
    .argument('<file>', 'the report PDF')
    .option('--json', 'print the verdict as JSON')
    .addOption(dataDirOption())
    .action(async (file: string, opts: { json?: boolean; dataDir?: string }) => {
      const bytes = readReport(file);
      await withEngine(opts.dataDir, (engine) => {
        requireSetUp(engine);
        const v = verifyReportFile(engine.context, bytes);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify({ ok: v.ok, recordsUnchanged: v.recordsUnchanged, chainHeadFound: v.chainHeadFound, chainIntact: v.chainIntact, digest: v.stamp.digest, digestNow: v.digestNow, chainHead: v.stamp.chainHead, sentence: v.sentence })}\n`);
        } else {
          process.stdout.write(`${v.sentence}\n`);
        }
        if (!v.ok) process.exitCode = 1;
      });
    });
}
