import { centiCFromFahrenheit } from '../../domain/haccp/food-code-temperatures';
import { centiCToUnit, parseHundredths, type TemperatureUnit } from '../sensors/temperature';

/**
 * A probe temperature typed in the user's unit → hundredths of a °C. °F is rounded to the nearest
 * hundredth the same way the Food Code limits are (domain/haccp/food-code-temperatures.ts), so
 * typing exactly "41" °F lands exactly on the 41 °F limit.
 */
export function readTemperature(text: string, unit: TemperatureUnit): { centiC: number } | { error: string } {
  if (!text.trim()) return { error: `Enter the temperature in °${unit}.` };
  const hundredths = parseHundredths(text);
  if (hundredths === null) return { error: `Enter a number of °${unit} with at most two decimals, e.g. 38.5.` };
  const centiC = unit === 'C' ? hundredths : centiCFromFahrenheit(hundredths / 100);
  if (centiC < -5000 || centiC > 30000) return { error: 'A probe temperature is -50 °C to 300 °C (-58 °F to 572 °F).' };
  return { centiC };
}

/** A limit or reading as the user types it back: "41", "57.2". */
export function temperatureText(centiC: number, unit: TemperatureUnit): string {
  return String(Math.round(centiCToUnit(centiC, unit) * 10) / 10);
}
