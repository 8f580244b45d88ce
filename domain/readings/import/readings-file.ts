import { parse } from 'csv-parse/sync';
import { OpsFlowError } from '../../errors';
import { fahrenheitToCentiC, MAX_FILE_CENTI_C, MIN_FILE_CENTI_C, parseHundredths } from './file-values';
import { findLayout, readElitechPreamble, type FileLayout, type ReadingsFileFormat } from './file-layouts';
import { parseIsoTime, vendorDateFields, vendorWallMs, ZoneOffsets, type DateOrder } from './file-times';

export interface BadLine {
  /** One-based, as a text editor numbers the file's lines. */
  line: number;
  reason: string;
}

/** A readings file read in full: its good rows, oldest first as the file had them, and every bad line. */
export interface ReadingsFile {
  format: ReadingsFileFormat;
  unit: 'C' | 'F';
  atMs: number[];
  tempCentiC: number[];
  /** Null when the file has no humidity column. */
  humidityCentiPct: (number | null)[] | null;
  badLines: BadLine[];
  /** Rows the vendor marks as no reading (ElitechLog's "NC": the probe was not connected). */
  noReadingRows: number;
  /** Rows that repeat an earlier row's time and values exactly (overlapping exports pasted together). */
  repeatedRows: number;
  serialNumber: string | null;
  model: string | null;
}

export interface ReadFileOptions {
  /** The location's zone: times written without an offset are its wall clock. */
  timeZone: string;
}

const NO_READING = /^(nc|--+|n\/a|)$/i;

function notAReadingsFile(): OpsFlowError {
  return new OpsFlowError(
    'BAD_INPUT',
    'This file is not one OpsFlow can read: no header row with a time and a temperature column was found. OpsFlow reads its own CSV (time, temperature_c or temperature_f, humidity), ElitechLog text exports and EasyLog exports.',
  );
}

/**
 * The order of a file's day and month, for dates like 03/04/2026: a day above 12 settles it; else
 * the order whose times run forward (a logger's do); else the unit's country habit (°F: month first).
 */
function dateOrder(cells: readonly string[], unit: 'C' | 'F'): DateOrder {
  let dayFirstProof = false;
  let monthFirstProof = false;
  for (const cell of cells) {
    const f = vendorDateFields(cell);
    if (!f) continue;
    if (f.yearFirst) return 'ymd';
    if (f.a > 12) dayFirstProof = true;
    if (f.b > 12) monthFirstProof = true;
  }
  if (dayFirstProof !== monthFirstProof) return dayFirstProof ? 'dmy' : 'mdy';
  const backwards = (order: DateOrder) => {
    let steps = 0;
    let previous = -Infinity;
    for (const cell of cells) {
      const t = vendorWallMs(cell, order);
      if (t === null) continue;
      if (t < previous) steps++;
      previous = t;
    }
    return steps;
  };
  const dmy = backwards('dmy');
  const mdy = backwards('mdy');
  if (dmy !== mdy) return dmy < mdy ? 'dmy' : 'mdy';
  return unit === 'F' ? 'mdy' : 'dmy';
}

/** The data rows after the header, each with its one-based line number. */
function dataRows(text: string, layout: FileLayout): { rows: string[][]; lineOf: (i: number) => number } {
  const from = layout.headerIndex + 2; // csv-parse counts lines from 1
  if (!text.includes('"')) {
    // No quoting: record i is line from + i. csv-parse's per-record line info costs three times the parse.
    const rows = parse(text, { delimiter: layout.delimiter, from_line: from, relax_column_count: true, skip_empty_lines: false, trim: true }) as string[][];
    return { rows, lineOf: (i) => from + i };
  }
  const records = parse(text, {
    delimiter: layout.delimiter,
    from_line: from,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: false,
    trim: true,
    info: true,
  }) as unknown as { record: string[]; info: { lines: number } }[];
  return { rows: records.map((r) => r.record), lineOf: (i) => records[i]!.info.lines };
}

/**
 * Reads a readings file (text, see decodeReadingsFile) into readings: every row checked, each bad
 * one reported by line with the reason. A file whose header OpsFlow does not know is refused whole.
 */
export function readReadingsFile(text: string, options: ReadFileOptions): ReadingsFile {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const head = body.slice(0, 64 * 1024).split(/\r\n|\r|\n/);
  const layout = findLayout(head);
  if (!layout) throw notAReadingsFile();

  const preamble = layout.format === 'elitechlog' ? readElitechPreamble(head.slice(0, layout.headerIndex)) : null;
  const zone = new ZoneOffsets(options.timeZone);
  const fixedOffsetMs = preamble?.utcOffsetMinutes != null ? preamble.utcOffsetMinutes * 60_000 : null;
  const decimalComma = layout.delimiter !== ',';

  let rows: string[][];
  let lineOf: (i: number) => number;
  try {
    ({ rows, lineOf } = dataRows(body, layout));
  } catch (err) {
    const { lines: line, code } = err as { lines?: number; code?: string };
    const where = line ? ` from line ${line}` : '';
    throw new OpsFlowError(
      'BAD_INPUT',
      code === 'CSV_QUOTE_NOT_CLOSED'
        ? `The file could not be read as a table${where}: a quotation mark there is never closed.`
        : `The file could not be read as a table${where} (${(err as Error).message}).`,
    );
  }
  const fields = layout.dropEmptyFields ? (row: string[]) => row.filter((c) => c !== '') : (row: string[]) => row;

  const timeCells: string[] = [];
  if (layout.format !== 'plain') for (const row of rows) timeCells.push(fields(row)[layout.timeColumn] ?? '');
  const order = layout.format === 'plain' ? 'ymd' : dateOrder(timeCells, layout.unit);

  const result: ReadingsFile = {
    format: layout.format,
    unit: layout.unit,
    atMs: [],
    tempCentiC: [],
    humidityCentiPct: layout.humidityColumn === null ? null : [],
    badLines: [],
    noReadingRows: 0,
    repeatedRows: 0,
    serialNumber: preamble?.serialNumber ?? null,
    model: preamble?.model ?? null,
  };
  /**
   * Time → index of the reading, to catch a time given twice. Built only once the times stop
   * running forward: while each is later than the last, none can repeat an earlier one.
   */
  let seen: Map<number, number> | null = null;
  let latestAtMs = -Infinity;
  const lineOfReading: number[] = [];
  const unitSign = layout.unit === 'C' ? '°C' : '°F';

  const badLines = result.badLines;
  let line = 0;
  // Not a closure made per row: half a million rows would make half a million of them.
  const bad = (reason: string) => void badLines.push({ line, reason });

  for (let i = 0; i < rows.length; i++) {
    const raw = rows[i]!;
    if (raw.length === 1 && raw[0] === '') continue; // a blank line
    const row = fields(raw);
    line = lineOf(i);

    const timeCell = row[layout.timeColumn] ?? '';
    const tempCell = row[layout.temperatureColumn] ?? '';
    if (timeCell === '') {
      bad('it has no time');
      continue;
    }
    let atMs: number | null;
    if (layout.format === 'plain') {
      atMs = parseIsoTime(timeCell, zone);
      if (atMs === null) {
        bad(`"${timeCell}" is not an ISO 8601 time such as 2026-03-01T14:05:00+01:00 (or 2026-03-01 14:05 in the location's time zone)`);
        continue;
      }
    } else {
      const wall = vendorWallMs(timeCell, order);
      atMs = wall === null ? null : fixedOffsetMs !== null ? wall - fixedOffsetMs : zone.fromWall(wall);
      if (atMs === null) {
        bad(wall === null ? `"${timeCell}" is not a date and time` : `${timeCell} does not exist in ${options.timeZone}: the clocks went forward past it`);
        continue;
      }
    }

    if (layout.format === 'elitechlog' && NO_READING.test(tempCell)) {
      result.noReadingRows++;
      continue;
    }
    const hundredths = parseHundredths(tempCell, decimalComma);
    if (hundredths === null) {
      bad(tempCell === '' ? 'it has no temperature' : `"${tempCell}" is not a temperature`);
      continue;
    }
    const centiC = layout.unit === 'C' ? hundredths : fahrenheitToCentiC(hundredths);
    if (centiC < MIN_FILE_CENTI_C || centiC > MAX_FILE_CENTI_C) {
      bad(`${tempCell} ${unitSign} is outside what a food thermometer reads (-100 to 300 °C)`);
      continue;
    }

    let humidity: number | null = null;
    if (layout.humidityColumn !== null) {
      const cell = row[layout.humidityColumn] ?? '';
      if (cell !== '' && !(layout.format === 'elitechlog' && NO_READING.test(cell))) {
        humidity = parseHundredths(cell, decimalComma);
        if (humidity === null || humidity < 0 || humidity > 10_000) {
          bad(`humidity "${cell}" is not a percentage from 0 to 100`);
          continue;
        }
      }
    }

    if (atMs <= latestAtMs && seen === null) seen = new Map(result.atMs.map((t, k) => [t, k]));
    const earlier = seen?.get(atMs);
    if (earlier !== undefined) {
      const same = result.tempCentiC[earlier] === centiC && (result.humidityCentiPct?.[earlier] ?? null) === humidity;
      if (same) result.repeatedRows++;
      else bad(`${timeCell} is already on line ${lineOfReading[earlier]} with another reading`);
      continue;
    }
    seen?.set(atMs, result.atMs.length);
    if (atMs > latestAtMs) latestAtMs = atMs;
    lineOfReading.push(line);
    result.atMs.push(atMs);
    result.tempCentiC.push(centiC);
    result.humidityCentiPct?.push(humidity);
  }
  return result;
}
