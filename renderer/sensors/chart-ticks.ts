/**
 * The temperature axis's ticks: round steps (1, 2, 2.5 or 5 × 10ⁿ) with labels to the step's
 * precision. uPlot's own steps with one-decimal labels printed 36.8, 36.8, 36.7, 36.6, 36.6 for a
 * fridge that held within 0.3 °F; a label never repeats when it shows the step's digits.
 */

const MANTISSAS = [1, 2, 2.5, 5];

/** The smallest round step that puts at most `maxCount` ticks between `min` and `max`. */
export function niceStep(min: number, max: number, maxCount: number): number {
  const span = Math.max(max - min, Number.EPSILON);
  const rough = span / Math.max(1, maxCount - 1);
  let power = 10 ** Math.floor(Math.log10(rough));
  for (;;) {
    for (const m of MANTISSAS) if (m * power >= rough) return m * power;
    power *= 10;
  }
}

/** Decimals needed to write multiples of `step` exactly: 0.25 → 2, 0.5 → 1, 20 → 0. */
export function stepDecimals(step: number): number {
  for (let d = 0; d < 8; d++) {
    const scaled = step * 10 ** d;
    if (Math.abs(scaled - Math.round(scaled)) < 1e-6 * Math.max(1, scaled)) return d;
  }
  return 8;
}

/** Tick values inside [min, max] at a round step. */
export function temperatureTicks(min: number, max: number, maxCount: number): { values: number[]; step: number; decimals: number } {
  const step = niceStep(min, max, maxCount);
  const decimals = stepDecimals(step);
  const values: number[] = [];
  for (let i = Math.ceil(min / step - 1e-9); i * step <= max + step * 1e-9; i++) values.push(Number((i * step).toFixed(decimals)));
  return { values, step, decimals };
}

/** Labels for ticks made by temperatureTicks: the step between them says how many decimals. */
export function tickLabels(values: readonly number[]): string[] {
  const step = values.length > 1 ? Math.abs(values[1]! - values[0]!) : 1;
  const decimals = stepDecimals(Number(step.toPrecision(12)));
  return values.map((v) => v.toFixed(decimals));
}
