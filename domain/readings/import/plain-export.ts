import { formatIsoTime, ZoneOffsets } from './file-times';

export interface ExportedReadings {
  atMs: readonly number[];
  tempCentiC: readonly number[];
  humidityCentiPct: readonly (number | null)[];
}

/** "3.50", "-0.05": hundredths as a decimal, exactly. */
export function hundredthsText(value: number): string {
  const abs = Math.abs(value);
  return `${value < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

/**
 * OpsFlow's plain readings CSV, which `readReadingsFile` reads back: a header row, then one reading a
 * line, times in the location's wall clock with their offset (so a person reads local time and the
 * instant is exact), calibrated °C, and humidity where any reading has it. No field ever needs
 * quoting (numbers and ISO times), so the lines are joined directly: half a million of them a year.
 */
export function formatPlainCsv(readings: ExportedReadings, timeZone: string): string {
  const zone = new ZoneOffsets(timeZone);
  const withHumidity = readings.humidityCentiPct.some((h) => h !== null);
  const lines: string[] = [withHumidity ? 'time,temperature_c,humidity' : 'time,temperature_c'];
  for (let i = 0; i < readings.atMs.length; i++) {
    const time = formatIsoTime(readings.atMs[i]!, zone);
    const temp = hundredthsText(readings.tempCentiC[i]!);
    if (!withHumidity) lines.push(`${time},${temp}`);
    else {
      const h = readings.humidityCentiPct[i];
      lines.push(`${time},${temp},${h === null || h === undefined ? '' : hundredthsText(h)}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
