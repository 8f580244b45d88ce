import type { LimitKind } from '../../domain/haccp/limits';
import { formatTemperature, parseHundredths, type TemperatureUnit } from '../sensors/temperature';

/** A temperature typed in the user's unit → hundredths of a °C (°F rounded to the nearest 1/100 °C), or null if it is not a number. */
export function typedToCentiC(text: string, unit: TemperatureUnit): number | null {
  const hundredths = parseHundredths(text);
  if (hundredths === null) return null;
  return unit === 'C' ? hundredths : Math.round(((hundredths / 100 - 32) * 500) / 9);
}

/** "≤ 41.0 °F", "≥ 135.0 °F": the limit's sense in words a screen reader reads too. */
export function limitText(kind: LimitKind, centiC: number, unit: TemperatureUnit): string {
  return `${kind === 'max' ? 'at most' : 'at least'} ${formatTemperature(centiC, unit)}`;
}
