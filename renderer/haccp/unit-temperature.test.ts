import { describe, expect, it } from 'vitest';
import { limitText, typedToCentiC } from './unit-temperature';

describe('temperatures typed for units', () => {
  it('reads °C exactly and °F to the nearest hundredth of a °C', () => {
    expect(typedToCentiC('5', 'C')).toBe(500);
    expect(typedToCentiC('-18.5', 'C')).toBe(-1850);
    expect(typedToCentiC('41', 'F')).toBe(500);
    expect(typedToCentiC('135', 'F')).toBe(5722);
    expect(typedToCentiC('0', 'F')).toBe(-1778);
    expect(typedToCentiC('warm', 'F')).toBeNull();
  });

  it('says the limit’s sense in words', () => {
    expect(limitText('max', 500, 'F')).toBe('at most 41.0 °F');
    expect(limitText('min', 5700, 'C')).toBe('at least 57.0 °C');
  });
});
