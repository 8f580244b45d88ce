import { describe, expect, it } from 'vitest';
import { niceStep, stepDecimals, temperatureTicks, tickLabels } from './chart-ticks';

describe('temperature axis ticks', () => {
  it('a fridge holding 36.55 to 36.85 gets round ticks with no label twice', () => {
    for (const maxCount of [3, 4, 5, 6, 8, 10]) {
      const { values, step } = temperatureTicks(36.55, 36.85, maxCount);
      const labels = tickLabels(values);
      expect(new Set(labels).size).toBe(labels.length);
      expect(values.length).toBeLessThanOrEqual(maxCount);
      expect(values.length).toBeGreaterThanOrEqual(2);
      expect([1, 2, 2.5, 5]).toContain(Number((step / 10 ** Math.floor(Math.log10(step))).toFixed(6)));
    }
    expect(tickLabels(temperatureTicks(36.55, 36.85, 5).values)).toEqual(['36.6', '36.7', '36.8']);
    expect(tickLabels(temperatureTicks(36.55, 36.85, 8).values)).toEqual(['36.55', '36.60', '36.65', '36.70', '36.75', '36.80', '36.85']);
  });

  it('steps are 1, 2, 2.5 or 5 times a power of ten', () => {
    expect(niceStep(0, 10, 6)).toBe(2);
    expect(niceStep(0, 10, 5)).toBe(2.5);
    expect(niceStep(-20, 40, 7)).toBe(10);
    expect(niceStep(36.6, 36.8, 5)).toBeCloseTo(0.05);
  });

  it('labels show as many decimals as the step has', () => {
    expect(stepDecimals(0.25)).toBe(2);
    expect(stepDecimals(0.5)).toBe(1);
    expect(stepDecimals(20)).toBe(0);
    expect(tickLabels(temperatureTicks(-5, 40, 6).values)).toEqual(['0', '10', '20', '30', '40']);
    expect(tickLabels(temperatureTicks(34, 38, 5).values)).toEqual(['34', '35', '36', '37', '38']);
  });
});
