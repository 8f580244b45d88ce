import { readFileSync, statSync } from 'node:fs';
import type { Command } from 'commander';
import { MAX_READINGS_FILE_CHARS } from '../../../domain/contract/readings';
import { sensorName as sensorNameSchema } from '../../../domain/contract/sensors';
import { OpsFlowError } from '../../../domain/errors';
import { decodeReadingsFile } from '../../../domain/readings/import/file-bytes';
import { formatIsoTime, parseIsoTime, ZoneOffsets } from '../../../domain/readings/import/file-times';
import { nextDay, startOfDayInZone } from '../../../domain/time/calendar-days';
import type { EngineContext } from '../context';
import { exportReadings, storedReadings } from '../readings/export-readings';
import { importReadingsFile, sensorNamed } from '../readings/import-readings';
import { CLI_ACTOR, requireSetUp, withEngine } from './cli-engine';
import { dataDirOption } from './data-dir-option';
import { resolveLocation } from './user-commands';
import { commandGroup } from './command-group';

const count = (n: number) => n.toLocaleString('en-US');

function sensorName(value: string): string {
  const parsed = sensorNameSchema.safeParse(value);
  if (!parsed.success) throw new OpsFlowError('BAD_INPUT', `--sensor: ${parsed.error.issues[0]!.message}`);
  return parsed.data;
}

function locationOf(ctx: EngineContext, nameOrId: string | undefined): { id: string; timeZone: string } {
  const id = nameOrId === undefined ? ctx.identity()!.homeLocationId : resolveLocation(ctx, nameOrId);
  return { id, timeZone: ctx.directory.location(id)?.time_zone ?? 'UTC' };
}

/** The bytes of the file, refused before reading when they cannot be a readings file OpsFlow takes. */
function readFileBytes(path: string): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new OpsFlowError('NOT_FOUND', `There is no file ${path}.`);
  }
  // UTF-16 takes two bytes a character.
  if (size > 2 * MAX_READINGS_FILE_CHARS) throw new OpsFlowError('BAD_INPUT', `${path} is too large for a readings file (at most 32 MB). Split it by date.`);
  return new Uint8Array(readFileSync(path));
}

/**
 * --from and --to: a day of the location ("2026-01-01"; --to includes the whole day) or an ISO 8601
 * time ("2026-01-01T06:00:00+01:00"; without an offset, the location's wall clock).
 */
function rangeBound(flag: string, text: string, timeZone: string, end: boolean): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const at = startOfDayInZone(end ? nextDay(text) : text, timeZone);
    if (at !== null && startOfDayInZone(text, timeZone) !== null) return at;
  }
  const at = parseIsoTime(text, new ZoneOffsets(timeZone));
  if (at === null) throw new OpsFlowError('BAD_INPUT', `${flag}: "${text}" is neither a day (2026-01-31) nor a time (2026-01-31T18:00:00+01:00).`);
  return at;
}

export function registerReadingsCommands(program: Command): void {
  const readings = commandGroup(program, 'readings', 'temperature readings: import a file of them, export them as CSV');

  readings
    .command('import <file>')
    .description("import a readings file (OpsFlow CSV, ElitechLog or EasyLog export) into a sensor, created if new")
    .requiredOption('--sensor <name>', 'the sensor the readings belong to, by name')
    .option('--location <nameOrId>', "the sensor's location (default: this PC's)")
    .option('--skip-bad', 'import the good rows and list the bad lines, instead of importing nothing')
    .option('--json', 'print the result as JSON')
    .addOption(dataDirOption())
    .action(async (file: string, opts: { sensor: string; location?: string; skipBad?: boolean; json?: boolean; dataDir?: string }) => {
      const name = sensorName(opts.sensor);
      const text = decodeReadingsFile(readFileBytes(file));
      if (text.length > MAX_READINGS_FILE_CHARS) throw new OpsFlowError('BAD_INPUT', `${file} is too large for a readings file (at most 32 MB). Split it by date.`);
      await withEngine(opts.dataDir, (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        const location = locationOf(ctx, opts.location);
        const fileName = file.split(/[\\/]/).pop() ?? file;
        const result = importReadingsFile(ctx, ctx.audit, { text, fileName, sensorName: name, locationId: location.id, skipBad: opts.skipBad === true }, CLI_ACTOR);
        if (opts.json) {
          process.stdout.write(`${JSON.stringify(result)}\n`);
          return;
        }
        process.stdout.write(
          `Imported ${count(result.readings)} readings into "${result.sensorName}"${result.newSensor ? ' (new sensor)' : ''} from the ${result.formatLabel}: ` +
            `${count(result.added)} new, ${count(result.alreadyThere)} already there.\n`,
        );
        if (result.badLineCount > 0) {
          process.stdout.write(`Left out ${count(result.badLineCount)} bad ${result.badLineCount === 1 ? 'line' : 'lines'}:\n`);
          for (const bad of result.badLines) process.stdout.write(`  line ${bad.line}: ${bad.reason}\n`);
          if (result.badLineCount > result.badLines.length) process.stdout.write(`  … and ${count(result.badLineCount - result.badLines.length)} more\n`);
        }
      });
    });

  readings
    .command('export')
    .description("a sensor's readings between two days or times: JSON, or OpsFlow's CSV with --csv")
    .requiredOption('--sensor <name>', 'the sensor, by name')
    .requiredOption('--from <dayOrTime>', 'the first day (2026-01-01) or time (2026-01-01T06:00:00+01:00)')
    .requiredOption('--to <dayOrTime>', 'the last day (included) or the time to stop before')
    .option('--location <nameOrId>', "the sensor's location (default: this PC's)")
    .option('--csv', "write OpsFlow's CSV (readings import reads it back) instead of JSON")
    .addOption(dataDirOption())
    .action(async (opts: { sensor: string; from: string; to: string; location?: string; csv?: boolean; dataDir?: string }) => {
      const name = sensorName(opts.sensor);
      await withEngine(opts.dataDir, (engine) => {
        requireSetUp(engine);
        const ctx = engine.context;
        const location = locationOf(ctx, opts.location);
        const fromMs = rangeBound('--from', opts.from, location.timeZone, false);
        const toMs = rangeBound('--to', opts.to, location.timeZone, true);
        if (toMs <= fromMs) throw new OpsFlowError('BAD_INPUT', '--to: the end of the range must be after its start.');
        const sensor = sensorNamed(ctx, location.id, name);
        if (!sensor) throw new OpsFlowError('NOT_FOUND', `--sensor: there is no sensor "${name}" at ${ctx.directory.location(location.id)?.name ?? 'that location'}.`);
        if (opts.csv) {
          process.stdout.write(exportReadings(ctx, { id: sensor.id, name: sensor.name, location_id: location.id }, fromMs, toMs).csv);
          return;
        }
        const rows = storedReadings(ctx, sensor.id, fromMs, toMs);
        const zone = new ZoneOffsets(location.timeZone);
        const readingsOut = rows.atMs.map((at, i) => ({
          time: formatIsoTime(at, zone),
          temperatureC: rows.tempCentiC[i]! / 100,
          humidityPct: rows.humidityCentiPct[i] === null ? null : rows.humidityCentiPct[i]! / 100,
        }));
        process.stdout.write(`${JSON.stringify({ sensor: sensor.name, sensorId: sensor.id, from: formatIsoTime(fromMs, zone), to: formatIsoTime(toMs, zone), readings: readingsOut })}\n`);
      });
    });
}
