/** Humidity travels as integer hundredths of a percent relative humidity; people read "62.5 %RH". */

const oneDecimal = new Intl.NumberFormat('en-US', { minimumFractionDigits: 1, maximumFractionDigits: 1 });

/** A humidity as a plain number of percent (for the chart's axis). */
export function centiPctToPercent(centiPct: number): number {
  return centiPct / 100;
}

/** "62.5 %RH" */
export function formatHumidity(centiPct: number): string {
  return `${oneDecimal.format(centiPctToPercent(centiPct))} %RH`;
}
