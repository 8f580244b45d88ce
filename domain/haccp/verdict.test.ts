import { describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, limitOf } from './limits';
import { verdictFlags, verdictOf } from './verdict';

describe('a reading’s stored verdict', () => {
  it('keeps whether it was in range and the limit it was judged against, below zero and above', () => {
    expect(verdictOf(verdictFlags(DEFAULT_LIMITS.freezer, false))).toEqual({ inRange: false, limit: { kind: 'max', limitCentiC: -1800 } });
    expect(verdictOf(verdictFlags(DEFAULT_LIMITS['hot-holding'], true))).toEqual({ inRange: true, limit: { kind: 'min', limitCentiC: 5700 } });
    expect(verdictOf(verdictFlags(limitOf('walk-in-cooler', -4000), true))!.limit.limitCentiC).toBe(-4000);
    expect(verdictOf(verdictFlags(limitOf('walk-in-cooler', 10_000), false))!.limit.limitCentiC).toBe(10_000);
  });

  it('a reading stored before its sensor watched a unit has no verdict', () => {
    expect(verdictOf(0)).toBeNull();
  });

  it('fits the flags a readings batch can carry (below 2^31)', () => {
    expect(verdictFlags(limitOf('hot-holding', 10_000), false)).toBeLessThan(2 ** 31);
  });
});
