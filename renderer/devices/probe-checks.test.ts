import { describe, expect, it } from 'vitest';
import { checkProbeAddress, checkProbeRows, nextFreeAddress, type ProbeRow } from './probe-checks';

const row = (key: number, address: number | string): ProbeRow => ({ key, address, map: 'xy-md02' });

describe('probe address checks', () => {
  it('accepts 1 to 247 and refuses empty, 0, 248 and fractions with a sentence', () => {
    expect(checkProbeAddress(1, [])).toBeNull();
    expect(checkProbeAddress(247, [])).toBeNull();
    expect(checkProbeAddress('', [])).toBe('Enter the probe’s address.');
    for (const bad of [0, 248, 999, 2.5]) expect(checkProbeAddress(bad, [])).toBe('A probe address is 1 to 247.');
  });

  it('flags the second of two rows at the same address, not the first', () => {
    const { errors } = checkProbeRows([row(1, 5), row(2, 6), row(3, 5)]);
    expect(errors).toEqual({ 3: 'Address 5 is used by another probe on this bus. Each probe needs its own address.' });
  });

  it('offers the lowest free address for a new probe', () => {
    expect(nextFreeAddress([row(1, 1), row(2, 2), row(3, 4)])).toBe(3);
  });
});
