import { describe, expect, it } from 'vitest';
import { complianceScore, SIGNOFF_WITHIN_MS, signedInTime } from './compliance-score';

const none = { done: 0, total: 0 };

describe('the compliance score of a day', () => {
  it('is the mean of the parts with something to count, rounded down', () => {
    // 95 % readings in range, 1 of 2 excursions signed, 3 of 4 checklists on time, no cooling: (0.95 + 0.5 + 0.75) / 3 = 73.3
    expect(complianceScore({ readings: { done: 95, total: 100 }, excursions: { done: 1, total: 2 }, checklists: { done: 3, total: 4 }, cooling: none }).score).toBe(73);
  });

  it('a day where everything was done right scores 100, and one slip keeps it below 100', () => {
    expect(complianceScore({ readings: { done: 1440, total: 1440 }, excursions: none, checklists: { done: 2, total: 2 }, cooling: { done: 1, total: 1 } }).score).toBe(100);
    expect(complianceScore({ readings: { done: 1439, total: 1440 }, excursions: none, checklists: { done: 2, total: 2 }, cooling: { done: 1, total: 1 } }).score).toBe(99);
  });

  it('thirds add up to a whole number, not a hair under it', () => {
    expect(complianceScore({ readings: { done: 1, total: 3 }, excursions: { done: 1, total: 3 }, checklists: { done: 1, total: 3 }, cooling: none }).score).toBe(33);
    expect(complianceScore({ readings: { done: 2, total: 3 }, excursions: none, checklists: none, cooling: none }).score).toBe(66);
  });

  it('an unsigned excursion pulls the score down as much as all the readings together', () => {
    expect(complianceScore({ readings: { done: 100, total: 100 }, excursions: { done: 0, total: 1 }, checklists: none, cooling: none }).score).toBe(50);
  });

  it('a day with nothing to count has no score', () => {
    expect(complianceScore({ readings: none, excursions: none, checklists: none, cooling: none }).score).toBeNull();
  });

  it('refuses counts that cannot be', () => {
    expect(() => complianceScore({ readings: { done: 3, total: 2 }, excursions: none, checklists: none, cooling: none })).toThrow(RangeError);
    expect(() => complianceScore({ readings: { done: -1, total: 2 }, excursions: none, checklists: none, cooling: none })).toThrow(RangeError);
  });
});

describe('an excursion signed within 24 h', () => {
  const excursion = { startMs: 1_000_000, endMs: 5_000_000 };
  it('counts up to exactly 24 h after the excursion ended, not a millisecond later', () => {
    expect(signedInTime(excursion, excursion.endMs + SIGNOFF_WITHIN_MS)).toBe(true);
    expect(signedInTime(excursion, excursion.endMs + SIGNOFF_WITHIN_MS + 1)).toBe(false);
  });
  it('an open excursion counts from its start; an unsigned one never counts', () => {
    expect(signedInTime({ startMs: 0, endMs: null }, SIGNOFF_WITHIN_MS)).toBe(true);
    expect(signedInTime({ startMs: 0, endMs: null }, SIGNOFF_WITHIN_MS + 1)).toBe(false);
    expect(signedInTime(excursion, null)).toBe(false);
  });
});
