/**
 * Numbers as vendor files write them, read exactly into hundredths (no floating point on the way:
 * "0.29" must be 29, not 28.999…). A decimal comma is taken where the file's delimiter is not a
 * comma (Elitech and EasyLog follow the Windows locale: "21,5" in France and Germany).
 */
const NUMBER = /^([+-]?)(\d{1,6})(?:[.,](\d*))?$/;

/** Hundredths of the value written, rounded half away from zero at the third decimal; null if it is no number. */
export function parseHundredths(text: string, decimalComma: boolean): number | null {
  const m = NUMBER.exec(text);
  if (!m) return null;
  const fraction = m[3] ?? '';
  if (!decimalComma && text.includes(',')) return null;
  const whole = Number(m[2]) * 100 + Number((fraction + '00').slice(0, 2));
  const rounded = fraction.length > 2 && fraction.charCodeAt(2) >= 53 /* '5' */ ? whole + 1 : whole;
  return m[1] === '-' ? -rounded : rounded;
}

/** Hundredths of a °C from hundredths of a °F, to the nearest hundredth. */
export function fahrenheitToCentiC(centiF: number): number {
  return Math.round(((centiF - 3200) * 5) / 9);
}

/** The coldest and warmest a food logger's reading can be: colder than a blast freezer, hotter than a fryer's probe. */
export const MIN_FILE_CENTI_C = -10_000;
export const MAX_FILE_CENTI_C = 30_000;
