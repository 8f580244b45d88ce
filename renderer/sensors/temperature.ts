/**
 * Temperatures travel as integer hundredths of a °C; people read and type them in their own unit
 * (°C or °F) with one decimal. Offsets are differences, so °F offsets scale by 5/9 without the 32.
 */
export type TemperatureUnit = 'C' | 'F';

// en-US: the app's words are English, so its numbers use "." and "," the same way.
const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'negative' });
const signedOneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1, signDisplay: 'exceptZero' });
const signedTwoDecimals = new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
const wholeNumber = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** A temperature in the unit, as a plain number (for the chart's axis). */
export function centiCToUnit(centiC: number, unit: TemperatureUnit): number {
  return unit === 'F' ? (centiC * 9) / 500 + 32 : centiC / 100;
}

/** "36.9 °F" */
export function formatTemperature(centiC: number, unit: TemperatureUnit): string {
  return `${oneDecimal.format(centiCToUnit(centiC, unit))} °${unit}`;
}

/** A difference, "+0.5 °F" / "-0.3 °C" / "0.0 °C". */
export function formatTemperatureDelta(centiC: number, unit: TemperatureUnit): string {
  const value = unit === 'F' ? (centiC * 9) / 500 : centiC / 100;
  return `${signedOneDecimal.format(value)} °${unit}`;
}

/** The stored offset exactly, "+0.28 °C": shown next to a °F offset, which is rounded to 1/100 °C. */
export function formatCentiCExactly(centiC: number): string {
  return `${signedTwoDecimals.format(centiC / 100)} °C`;
}

export function formatCount(n: number): string {
  return wholeNumber.format(n);
}

/**
 * "-0.5", "+1", "0,25" → hundredths as an integer, parsed as text so 0.1 + 0.2 never enters it.
 * More than two decimals, or anything that is not a number, is null.
 */
export function parseHundredths(text: string): number | null {
  const m = /^([-+\u2212]?)(\d{0,3})(?:[.,](\d{0,2}))?$/.exec(text.trim().replace(/\s*°?\s*[CF]?$/i, ''));
  if (!m || (m[2] === '' && (m[3] ?? '') === '')) return null;
  const whole = Number(m[2] || '0');
  const fraction = Number(((m[3] ?? '') + '00').slice(0, 2));
  const magnitude = whole * 100 + fraction;
  return m[1] === '-' || m[1] === '\u2212' ? -magnitude : magnitude;
}

/**
 * An offset typed in the user's unit → hundredths of a °C. °C is exact; a °F offset is rounded to
 * the nearest 1/100 °C (5/9 of an integer never lands on a half, so there is no tie to break).
 */
export function offsetToCentiC(hundredthsInUnit: number, unit: TemperatureUnit): number {
  if (unit === 'C') return hundredthsInUnit;
  const exact = (hundredthsInUnit * 5) / 9;
  return Math.sign(exact) * Math.round(Math.abs(exact));
}

/** The limits of `sensors.calibrate`: ±10.00 °C. */
export const MAX_OFFSET_CENTI_C = 1000;

export function offsetLimitText(unit: TemperatureUnit): string {
  return unit === 'F' ? '18.0 °F' : '10.0 °C';
}
