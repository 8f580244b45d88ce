import { describe, expect, it } from 'vitest';
import { readTemperature, temperatureText } from './temperature-entry';

describe('a probe temperature typed in', () => {
  it('41 °F and 135 °F land exactly on the Food Code limits; °C is exact', () => {
    expect(readTemperature('41', 'F')).toEqual({ centiC: 500 });
    expect(readTemperature('135', 'F')).toEqual({ centiC: 5722 });
    expect(readTemperature('41.1', 'F')).toEqual({ centiC: 506 });
    expect(readTemperature('-18,5', 'C')).toEqual({ centiC: -1850 });
  });
  it('empty, not a number, or beyond any probe is refused with a sentence', () => {
    expect(readTemperature('', 'F')).toEqual({ error: 'Enter the temperature in °F.' });
    expect(readTemperature('warm', 'C')).toMatchObject({ error: expect.stringContaining('°C') });
    expect(readTemperature('999', 'C')).toMatchObject({ error: expect.stringContaining('-50 °C to 300 °C') });
  });
  it('a limit is written back in the unit with one decimal', () => {
    expect([temperatureText(500, 'F'), temperatureText(5722, 'F'), temperatureText(500, 'C')]).toEqual(['41', '135', '5']);
  });
});
