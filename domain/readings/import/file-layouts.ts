/**
 * The header rows OpsFlow recognizes, found by looking at the first lines of a file:
 *
 * - plain (OpsFlow's own, `opsflow readings export` writes it): `time,temperature_c[,humidity]` or
 *   `temperature_f`; times ISO 8601, with an offset or in the location's zone.
 * - ElitechLog (Elitech's Windows software, "export as TXT"): a preamble of `Key : value` lines
 *   (model, S/N, time zone such as `UTC +00:00`), a blank line, then tab-separated
 *   `No.  Time  °C  %RH`, times `YYYY-MM-DD HH:MM:SS`, decimals in the PC's locale, `NC` where a
 *   probe was not connected.
 * - EasyLog (Lascar's EasyLog USB software): `<logger name>,Time,Celsius(°C),Humidity(%rh),Dew
 *   Point(°C),Serial Number`, the serial on the first data row only, dates in the PC's locale.
 *
 * Sources of each layout are noted beside the test files (domain/readings/import/testdata/).
 */
export type ReadingsFileFormat = 'plain' | 'elitechlog' | 'easylog';

export const FORMAT_LABELS: Record<ReadingsFileFormat, string> = {
  plain: 'OpsFlow readings CSV',
  elitechlog: 'ElitechLog export',
  easylog: 'EasyLog export',
};

export interface FileLayout {
  format: ReadingsFileFormat;
  delimiter: string;
  /** Zero-based index of the header line. */
  headerIndex: number;
  timeColumn: number;
  temperatureColumn: number;
  unit: 'C' | 'F';
  humidityColumn: number | null;
  /** ElitechLog pads its columns with empty ones: fields are matched to the header after dropping empties. */
  dropEmptyFields: boolean;
}

const DELIMITERS = ['\t', ';', ','] as const;

/** The delimiter a header line uses: the one that splits it into the most fields. */
function headerDelimiter(line: string): string | null {
  let best: string | null = null;
  let bestCount = 0;
  for (const d of DELIMITERS) {
    const count = line.split(d).length - 1;
    if (count > bestCount) {
      best = d;
      bestCount = count;
    }
  }
  return best;
}

function headerCells(line: string, delimiter: string): string[] {
  return line.split(delimiter).map((c) => c.trim().replace(/^"(.*)"$/, '$1').trim());
}

/**
 * A temperature header's unit: "°C", "Temperature(°C)", "℃", and the degree sign as a code page
 * mangles it ("Â°C", "?C", "�C") or as older EasyLog versions spell it ("deg C").
 */
function temperatureUnit(cell: string): 'C' | 'F' | null {
  const m = /^(?:temp(?:erature)?\s*)?\(?\s*(?:°|º|Â°|\?|\uFFFD|deg\s*)?\s*([CF])\s*\)?$/i.exec(cell) ?? /^(?:temp(?:erature)?\s*)?\(?\s*([℃℉])\s*\)?$/i.exec(cell);
  if (!m) return null;
  const unit = m[1]!.toUpperCase();
  return unit === 'C' || unit === '℃' ? 'C' : 'F';
}

function plainLayout(cells: string[]): Omit<FileLayout, 'delimiter' | 'headerIndex'> | null {
  const lower = cells.map((c) => c.toLowerCase());
  const timeColumn = lower.findIndex((c) => c === 'time' || c === 'timestamp');
  const celsius = lower.indexOf('temperature_c');
  const fahrenheit = lower.indexOf('temperature_f');
  if (timeColumn < 0 || (celsius < 0 && fahrenheit < 0)) return null;
  const humidity = lower.indexOf('humidity');
  return {
    format: 'plain',
    timeColumn,
    temperatureColumn: celsius >= 0 ? celsius : fahrenheit,
    unit: celsius >= 0 ? 'C' : 'F',
    humidityColumn: humidity >= 0 ? humidity : null,
    dropEmptyFields: false,
  };
}

function elitechLayout(cells: string[]): Omit<FileLayout, 'delimiter' | 'headerIndex'> | null {
  const named = cells.filter((c) => c !== '');
  if (named.length < 3 || !/^no\.?$/i.test(named[0]!) || !/^(date\s*)?time$/i.test(named[1]!)) return null;
  const temperatureColumn = named.findIndex((c) => temperatureUnit(c) !== null);
  if (temperatureColumn < 0) return null;
  const humidity = named.findIndex((c) => /^(humidity\s*)?\(?\s*%\s*rh\s*\)?$/i.test(c));
  return {
    format: 'elitechlog',
    timeColumn: 1,
    temperatureColumn,
    unit: temperatureUnit(named[temperatureColumn]!)!,
    humidityColumn: humidity >= 0 ? humidity : null,
    dropEmptyFields: true,
  };
}

function easylogLayout(cells: string[]): Omit<FileLayout, 'delimiter' | 'headerIndex'> | null {
  if (cells.length < 3 || !/^time$/i.test(cells[1]!)) return null;
  const m = /^(celsius|fahrenheit)\b/i.exec(cells[2]!);
  if (!m) return null;
  const humidity = cells.findIndex((c) => /^humidity/i.test(c));
  return {
    format: 'easylog',
    timeColumn: 1,
    temperatureColumn: 2,
    unit: m[1]!.toLowerCase() === 'celsius' ? 'C' : 'F',
    humidityColumn: humidity >= 0 ? humidity : null,
    dropEmptyFields: false,
  };
}

/** How far into a file its header row may be (ElitechLog's preamble runs to some 40 lines). */
const HEADER_SEARCH_LINES = 200;

/** The layout of the first line that is a header OpsFlow knows, or null. */
export function findLayout(lines: readonly string[]): FileLayout | null {
  const last = Math.min(lines.length, HEADER_SEARCH_LINES);
  for (let i = 0; i < last; i++) {
    const line = lines[i]!;
    const delimiter = headerDelimiter(line);
    if (!delimiter) continue;
    const cells = headerCells(line, delimiter);
    const layout = plainLayout(cells) ?? elitechLayout(cells) ?? easylogLayout(cells);
    if (layout) return { ...layout, delimiter, headerIndex: i };
  }
  return null;
}

/** What ElitechLog's preamble says about the logger and its clock. */
export interface ElitechPreamble {
  /** Minutes ahead of UTC the file's times are written in, when the preamble says. */
  utcOffsetMinutes: number | null;
  serialNumber: string | null;
  model: string | null;
}

export function readElitechPreamble(lines: readonly string[]): ElitechPreamble {
  const value = (pattern: RegExp) => {
    for (const line of lines) {
      const m = pattern.exec(line);
      if (m) return m[1]!.trim();
    }
    return null;
  };
  const zone = value(/^\s*time\s*zone\s*:\s*(.+)$/i);
  const offset = zone ? /^(?:UTC|GMT)\s*(?:([+-])\s*(\d{1,2})(?::?(\d{2}))?)?$/i.exec(zone) : null;
  return {
    utcOffsetMinutes: offset ? (offset[1] === '-' ? -1 : 1) * (Number(offset[2] ?? 0) * 60 + Number(offset[3] ?? 0)) : null,
    serialNumber: value(/^\s*(?:S\/N|serial\s*(?:number|no\.?))\s*:\s*(\S.*)$/i),
    model: value(/^\s*model\s*:\s*(\S.*)$/i),
  };
}
