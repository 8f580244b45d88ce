import { describe, expect, it } from 'vitest';
import { formatTemperature, formatTemperatureDelta, offsetToCentiC, parseHundredths } from './temperature';

describe('temperatures for people', () => {
  it('shows hundredths of a °C in either unit with one decimal, without a negative zero', () => {
    expect(formatTemperature(312, 'C')).toBe('3.1 °C');
    expect(formatTemperature(312, 'F')).toBe('37.6 °F');
    expect(formatTemperature(-1800, 'F')).toBe('-0.4 °F');
    expect(formatTemperature(-4, 'C')).toBe('0.0 °C');
    expect(formatTemperature(-1778, 'F')).toBe('0.0 °F');
  });

  it('shows offsets as signed differences, °F scaled by 9/5 without the 32', () => {
    expect(formatTemperatureDelta(-28, 'F')).toBe('-0.5 °F');
    expect(formatTemperatureDelta(50, 'C')).toBe('+0.5 °C');
    expect(formatTemperatureDelta(0, 'F')).toBe('0.0 °F');
  });

  it('reads typed offsets as text, with a dot or a comma, a sign and an optional unit', () => {
    expect(parseHundredths('-0.5')).toBe(-50);
    expect(parseHundredths('+1')).toBe(100);
    expect(parseHundredths('0,25')).toBe(25);
    expect(parseHundredths('.3')).toBe(30);
    expect(parseHundredths('-0.5 °F')).toBe(-50);
    expect(parseHundredths('−1.2')).toBe(-120);
    expect(parseHundredths('0.125')).toBeNull();
    expect(parseHundredths('abc')).toBeNull();
    expect(parseHundredths('-')).toBeNull();
    expect(parseHundredths('')).toBeNull();
  });

  it('converts a °F offset to the nearest hundredth of a °C, and a °C offset exactly', () => {
    expect(offsetToCentiC(-50, 'F')).toBe(-28);
    expect(offsetToCentiC(50, 'F')).toBe(28);
    expect(offsetToCentiC(180, 'F')).toBe(100);
    expect(offsetToCentiC(1800, 'F')).toBe(1000);
    expect(offsetToCentiC(-37, 'C')).toBe(-37);
    // Every offset in tenths of a °F comes back the same after the round trip.
    for (let tenths = -180; tenths <= 180; tenths++) {
      expect(formatTemperatureDelta(offsetToCentiC(tenths * 10, 'F'), 'F')).toBe(formatTemperatureDelta((tenths * 10 * 5) / 9, 'F'));
    }
  });
});
