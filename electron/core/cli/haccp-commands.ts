import type { CorrectiveActionView } from '../../../domain/contract/corrective';
import { Option, type Command } from 'commander';
import { alarmDelayMin, unitLimitCentiC, unitName, unitType } from '../../../domain/contract/haccp';
import { OpsFlowError } from '../../../domain/errors';
import { UNIT_TYPES } from '../../../domain/haccp/limits';
import { nextDay, startOfDayInZone } from '../../../domain/time/calendar-days';
import type { EngineContext } from '../context';
import type { Engine } from '../engine';
import { listExcursions } from '../haccp/excursion-queries';
import { addUnitAudited, assignSensorAudited, type Commit } from '../haccp/unit-changes';
import { celsius, unitRowsAt, unitView, type UnitRow } from '../haccp/unit-views';
import type { SensorRow } from '../sensors/sensor-views';
import { registerArchiveCommand } from './archive-command';
import { CLI_ACTOR, requireSetUp, withEngine } from './cli-engine';
import { parseCliInput } from './cli-input';
import { dataDirOption } from './data-dir-option';
import { resolveLocation } from './user-commands';
import { z } from 'zod';
import { commandGroup } from './command-group';

/** The command line acts as this PC's administrator: each change is written with its audit entry. */
function cliCommit(engine: Engine): Commit {
  const ctx = engine.context;
  return (draft, write) =>
    ctx.docs.transaction(() => {
      const result = write();
      ctx.audit.append(draft, CLI_ACTOR);
      return result;
    });
}

/** "5", "-18", "4.5" (°C) → hundredths; anything else is refused with the flag's name. */
/** The record in force as `haccp excursions --json` prints it (ISO times, words for people). */
function correctiveActionJson(a: CorrectiveActionView | null) {
  if (!a) return null;
  return {
    cause: a.cause,
    action: a.action,
    quantity: a.quantity,
    disposition: a.disposition,
    note: a.note,
    by: a.actorName,
    at: new Date(a.atMs).toISOString(),
    amendments: a.versions - 1,
    signedBy: a.signoff?.actorName ?? null,
    signedAt: a.signoff ? new Date(a.signoff.atMs).toISOString() : null,
  };
}

export function parseCelsius(text: string, flag: string): number {
  if (!/^[-+]?\d+(\.\d{1,2})?$/.test(text.trim())) throw new OpsFlowError('BAD_INPUT', `${flag}: "${text}" is not a temperature in °C (for example 5, -18 or 4.5).`);
  return Math.round(Number(text) * 100);
}

function parseWhole(text: string, flag: string): number {
  if (!/^[-+]?\d+$/.test(text.trim())) throw new OpsFlowError('BAD_INPUT', `${flag}: "${text}" is not a whole number of minutes.`);
  return Number(text);
}

export function unitNamed(ctx: EngineContext, nameOrId: string, locationId?: string): UnitRow {
  const all = ctx.q.all(ctx.db.selectFrom('haccp_units').selectAll());
  const byId = all.find((u) => u.id === nameOrId);
  if (byId) return byId;
  const byName = all.filter((u) => u.name.toLowerCase() === nameOrId.trim().toLowerCase() && (locationId === undefined || u.location_id === locationId));
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new OpsFlowError('BAD_INPUT', `--unit: several units are called "${nameOrId}"; give the id of the one you mean (${byName.map((u) => u.id).join(', ')}).`);
  throw new OpsFlowError('BAD_INPUT', `--unit: there is no unit "${nameOrId}". The units are: ${all.map((u) => `${u.name} (${u.id})`).join(', ') || 'none yet (add one with opsflow haccp units add)'}.`);
}

function sensorNamed(ctx: EngineContext, nameOrId: string): SensorRow {
  const all = ctx.q.all(ctx.db.selectFrom('sensors').selectAll());
  const byId = all.find((s) => s.id === nameOrId);
  if (byId) return byId;
  const byName = all.filter((s) => s.name.toLowerCase() === nameOrId.trim().toLowerCase() || s.device_serial === nameOrId.trim());
  if (byName.length === 1) return byName[0]!;
  if (byName.length > 1) throw new OpsFlowError('BAD_INPUT', `--sensor: several sensors match "${nameOrId}"; give the id of the one you mean (${byName.map((s) => s.id).join(', ')}).`);
  throw new OpsFlowError('BAD_INPUT', `--sensor: there is no sensor "${nameOrId}". The sensors are: ${all.map((s) => `${s.name} (${s.id})`).join(', ') || 'none yet'}.`);
}

/** A day (2026-03-01, midnight at the location) or a full ISO time; `end` makes a day mean its end. */
function parseWhen(text: string, flag: string, timeZone: string, end: boolean): number {
  const trimmed = text.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(trimmed)) {
    const ms = startOfDayInZone(end ? nextDay(trimmed) : trimmed, timeZone);
    if (ms !== null) return ms;
  } else if (/^\d{4}-\d{2}-\d{2}T/.test(trimmed) && !Number.isNaN(Date.parse(trimmed))) {
    return Date.parse(trimmed);
  }
  throw new OpsFlowError('BAD_INPUT', `${flag}: "${text}" is not a date (2026-03-01) or an ISO time (2026-03-01T14:30:00Z).`);
}

export function registerHaccpCommands(program: Command): void {
  const haccp = commandGroup(program, 'haccp', 'HACCP: monitored units and their limits, excursions, checklists, cooling logs');
  const units = haccp.command('units').description('the units whose temperatures are monitored (coolers, freezers, hot holding…)');

  units
    .command('add')
    .description('add a monitored unit (limit: the FDA Food Code default for its type unless given; audited)')
    .requiredOption('--name <name>', 'what staff call it')
    .addOption(new Option('--type <type>', 'what kind of unit').choices([...UNIT_TYPES]).makeOptionMandatory())
    .option('--limit-c <celsius>', 'its critical limit in °C instead of the default (cold units: at most; hot holding: at least)')
    .option('--delay-min <minutes>', 'how long out of range before the alarm, 0 to 180 (default 30)')
    .option('--location <name or id>', "the location (default: this PC's)")
    .addOption(dataDirOption())
    .option('--json', 'print the unit as JSON')
    .action(async (opts: { name: string; type: string; limitC?: string; delayMin?: string; location?: string; dataDir?: string; json?: boolean }) => {
      await withEngine(opts.dataDir, (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        const input = parseCliInput(
          z.object({ name: unitName, type: unitType, limitCentiC: unitLimitCentiC.optional(), alarmDelayMin: alarmDelayMin.optional() }),
          {
            name: opts.name,
            type: opts.type,
            limitCentiC: opts.limitC === undefined ? undefined : parseCelsius(opts.limitC, '--limit-c'),
            alarmDelayMin: opts.delayMin === undefined ? undefined : parseWhole(opts.delayMin, '--delay-min'),
          },
          { name: '--name', type: '--type', limitCentiC: '--limit-c', alarmDelayMin: '--delay-min' },
        );
        const locationId = opts.location ? resolveLocation(ctx, opts.location) : ctx.identity()!.homeLocationId;
        const id = addUnitAudited(ctx, cliCommit(engine), locationId, input);
        const view = unitView(ctx, ctx.q.first(ctx.db.selectFrom('haccp_units').selectAll().where('id', '=', id))!);
        if (opts.json) process.stdout.write(`${JSON.stringify(view)}\n`);
        else process.stdout.write(`Added "${view.name}" (${view.id}): ${view.limitKind === 'max' ? 'at most' : 'at least'} ${celsius(view.limitCentiC)}, alarm after ${view.alarmDelayMin} min\n`);
      });
    });

  units
    .command('list')
    .description('every monitored unit, with its limit, alarm delay and sensors')
    .option('--location <name or id>', 'only this location')
    .option('--json', 'print JSON')
    .addOption(dataDirOption())
    .action(async (opts: { location?: string; json?: boolean; dataDir?: string }) => {
      await withEngine(opts.dataDir, (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        const locations = opts.location ? [resolveLocation(ctx, opts.location)] : ctx.directory.locations().map((l) => l.id);
        const list = unitRowsAt(ctx, locations).map((row) => unitView(ctx, row));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list)}\n`);
          return;
        }
        if (list.length === 0) process.stdout.write('No monitored units yet: add one with opsflow haccp units add.\n');
        for (const u of list) {
          process.stdout.write(
            `${u.name}  ${u.type}  ${u.limitKind === 'max' ? '≤' : '≥'} ${celsius(u.limitCentiC)}${u.defaultLimit ? ' (default)' : ''}  alarm after ${u.alarmDelayMin} min  sensors: ${u.sensors.map((s) => s.name).join(', ') || 'none'}${u.active ? '' : '  (retired)'}\n`,
          );
        }
      });
    });

  haccp
    .command('excursions')
    .description('temperature excursions: out of range at least as long as the unit’s alarm delay')
    .option('--location <name or id>', 'only this location')
    .option('--unit <name or id>', 'only this unit')
    .option('--from <date>', 'from this day (at the location) or ISO time')
    .option('--to <date>', 'to the end of this day or this ISO time')
    .option('--json', 'print JSON: one object per excursion')
    .addOption(dataDirOption())
    .action(async (opts: { location?: string; unit?: string; from?: string; to?: string; json?: boolean; dataDir?: string }) => {
      await withEngine(opts.dataDir, (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        const locationIds = opts.location ? [resolveLocation(ctx, opts.location)] : ctx.directory.locations().map((l) => l.id);
        const zone = ctx.directory.location(locationIds[0] ?? ctx.identity()!.homeLocationId)?.time_zone ?? 'UTC';
        const unit = opts.unit ? unitNamed(ctx, opts.unit, opts.location ? locationIds[0] : undefined) : undefined;
        const fromMs = opts.from ? parseWhen(opts.from, '--from', zone, false) : undefined;
        const toMs = opts.to ? parseWhen(opts.to, '--to', zone, true) : undefined;
        if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs) throw new OpsFlowError('BAD_INPUT', '--to must be after --from.');
        const list = listExcursions(ctx, { locationIds, unitId: unit?.id, fromMs, toMs }).map((e) => ({
          unit: e.unit,
          sensor: e.sensor,
          start: new Date(e.startMs).toISOString(),
          end: e.endMs === null ? null : new Date(e.endMs).toISOString(),
          durationMin: e.durationMin,
          peakC: e.peakCentiC / 100,
          limitC: e.limitCentiC / 100,
          correctiveAction: correctiveActionJson(e.correctiveAction),
        }));
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(list)}\n`);
          return;
        }
        if (list.length === 0) process.stdout.write('No excursions.\n');
        for (const e of list) process.stdout.write(`${e.start} → ${e.end ?? 'still open'}  ${e.unit} (${e.sensor})  ${e.durationMin} min, peak ${e.peakC} °C, limit ${e.limitC} °C\n`);
      });
    });

  const sensors = commandGroup(program, 'sensors', 'sensors: which unit each watches');
  sensors
    .command('assign')
    .description('make a sensor watch a unit (its readings from now on are judged against the unit’s limit; audited)')
    .requiredOption('--sensor <name, serial or id>', 'the sensor')
    .requiredOption('--unit <name or id>', 'the unit, or "none"')
    .addOption(dataDirOption())
    .action(async (opts: { sensor: string; unit: string; dataDir?: string }) => {
      await withEngine(opts.dataDir, (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        const sensor = sensorNamed(ctx, opts.sensor);
        const unit = opts.unit.trim().toLowerCase() === 'none' ? null : unitNamed(ctx, opts.unit, sensor.location_id);
        assignSensorAudited(ctx, cliCommit(engine), sensor, unit);
        process.stdout.write(`"${sensor.name}" watches ${unit ? `"${unit.name}"` : 'no unit'}\n`);
      });
    });
  registerArchiveCommand(haccp);
}
