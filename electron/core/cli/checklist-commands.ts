import type { Command } from 'commander';
import { OpsFlowError } from '../../../domain/errors';
import { occurrenceStateWords } from '../../../domain/haccp/checklist-schedule';
import { CHECKLIST_KIND_WORDS } from '../../../domain/haccp/checklist-templates';
import { dayInZone, startOfDayInZone } from '../../../domain/time/calendar-days';
import { formatDateTime, formatTime } from '../../../domain/time/format-time';
import { checklistCompliance, checklistDay } from '../checklists/checklist-day';
import { coolingLogIds, coolingLogViews } from '../cooling/cooling-logs';
import type { Engine } from '../engine';
import { requireSetUp, withEngine } from './cli-engine';
import { dataDirOption } from './data-dir-option';
import { commandGroup } from './command-group';

/** This PC's location and its time zone: checklists and cooling logs are kept where they are done. */
function station(engine: Engine): { locationId: string; timeZone: string } {
  requireSetUp(engine);
  const { homeLocationId } = engine.context.identity()!;
  return { locationId: homeLocationId, timeZone: engine.context.directory.location(homeLocationId)?.time_zone ?? 'UTC' };
}

function checkedDay(flag: string, value: string): string {
  if (startOfDayInZone(value) === null) throw new OpsFlowError('BAD_INPUT', `${flag}: "${value}" is not a day; write it as YYYY-MM-DD.`);
  return value;
}

function table(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const r of [header, ...rows]) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()}\n`);
}

/**
 * `opsflow haccp checklists list|missed` and `opsflow haccp cooling list`: read-only views of this
 * PC's location for IT and compliance scripts. `haccp` is the group other HACCP commands join.
 */
export function registerChecklistCommands(program: Command): void {
  const haccp = commandGroup(program, 'haccp', 'HACCP: monitored units and their limits, excursions, checklists, cooling logs');
  const checklists = haccp.command('checklists').description('checklists: what is due, done, late or missed');

  checklists
    .command('list')
    .description('the checklists of a day (today by default) with their state and who completed and signed them')
    .addOption(dataDirOption())
    .option('--day <YYYY-MM-DD>', 'a calendar day at this PC’s location')
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; day?: string; json?: boolean }) => {
      await withEngine(opts.dataDir, (engine) => {
        const { locationId, timeZone } = station(engine);
        const now = engine.context.now();
        const day = opts.day ? checkedDay('--day', opts.day) : dayInZone(now, timeZone);
        const view = checklistDay(engine.context, locationId, timeZone, day);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(view)}\n`);
          return;
        }
        const style = { timeZone, clock: '24h', dateStyle: 'iso' } as const;
        table(
          ['CHECKLIST', 'KIND', 'TIME', 'STATE', 'BY', 'SIGNED OFF BY'],
          view.occurrences.map((o) => {
            const current = o.records.at(-1);
            return [
              o.templateName,
              CHECKLIST_KIND_WORDS[o.kind],
              o.label,
              occurrenceStateWords(o.state, formatTime(o.dueAtMs, style), o.dueAtMs - now),
              current?.actorName ?? '',
              current?.signoff?.actorName ?? '',
            ];
          }),
        );
      });
    });

  checklists
    .command('missed')
    .description('missed and late checklists between two days (both included); exit 1 when there are any')
    .addOption(dataDirOption())
    .requiredOption('--from <YYYY-MM-DD>', 'first day')
    .requiredOption('--to <YYYY-MM-DD>', 'last day')
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; from: string; to: string; json?: boolean }) => {
      const from = checkedDay('--from', opts.from);
      const to = checkedDay('--to', opts.to);
      if (from > to) throw new OpsFlowError('BAD_INPUT', '--from must not be after --to.');
      await withEngine(opts.dataDir, (engine) => {
        const { locationId, timeZone } = station(engine);
        const events = checklistCompliance(engine.context, locationId, timeZone, from, to);
        const style = { timeZone, clock: '24h', dateStyle: 'iso' } as const;
        if (opts.json) process.stdout.write(`${JSON.stringify(events.map((e) => ({ ...e, due: new Date(e.dueAtMs).toISOString(), completed: e.completedAtMs === null ? null : new Date(e.completedAtMs).toISOString() })))}\n`);
        else if (events.length === 0) process.stdout.write(`No checklist was missed or late from ${from} to ${to}.\n`);
        else table(['DAY', 'CHECKLIST', 'TIME', 'DUE', 'WHAT'], events.map((e) => [e.day, e.templateName, e.label, formatDateTime(e.dueAtMs, style), e.kind === 'missed' ? 'missed' : `late (done ${formatDateTime(e.completedAtMs!, style)})`]));
        if (events.length > 0) process.exitCode = 1;
      });
    });

  haccp
    .command('cooling')
    .description('cooling and reheating logs')
    .command('list')
    .description('the logs started in the last days, with each stage passed, failed or running')
    .addOption(dataDirOption())
    .option('--days <n>', 'how many days back (1 to 366)', '2')
    .option('--json', 'print JSON')
    .action(async (opts: { dataDir?: string; days: string; json?: boolean }) => {
      const days = Number(opts.days);
      if (!Number.isInteger(days) || days < 1 || days > 366) throw new OpsFlowError('BAD_INPUT', '--days: give a whole number of days from 1 to 366.');
      await withEngine(opts.dataDir, (engine) => {
        const { locationId, timeZone } = station(engine);
        const now = engine.context.now();
        const logs = coolingLogViews(engine.context, coolingLogIds(engine.context, locationId, now - days * 86_400_000), now);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(logs)}\n`);
          return;
        }
        const style = { timeZone, clock: '24h', dateStyle: 'iso' } as const;
        table(
          ['FOOD', 'PROCESS', 'STARTED', 'STATE', 'STAGES'],
          logs.map((l) => [l.food, l.process, formatDateTime(l.verdict.startedAtMs, style), l.verdict.state, l.verdict.stages.map((s) => `${s.name}: ${s.state}`).join('; ')]),
        );
      });
    });
}
