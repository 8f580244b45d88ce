import { describe, expect, it } from 'vitest';
import { archivedBefore, retentionMonths } from './retention';

describe('the retention setting', () => {
  it('accepts 6 to 120 whole months and refuses anything else with a sentence', () => {
    expect(retentionMonths.safeParse(6).success).toBe(true);
    expect(retentionMonths.safeParse(120).success).toBe(true);
    expect(retentionMonths.safeParse(5).error?.issues[0]?.message).toBe('Records are kept at least 6 months before they are archived.');
    expect(retentionMonths.safeParse(121).error?.issues[0]?.message).toBe('The retention is at most 120 months (10 years).');
    expect(retentionMonths.safeParse(12.5).error?.issues[0]?.message).toBe('The retention is a whole number of months.');
  });

  it('archives what is older than that many months, counted in calendar months', () => {
    expect(archivedBefore('2026-11-25', 24)).toBe('2024-11-25');
    expect(archivedBefore('2026-03-31', 1)).toBe('2026-02-28');
    expect(archivedBefore('2026-01-15', 6)).toBe('2025-07-15');
  });
});
