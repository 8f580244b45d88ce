import { describe, expect, it } from 'vitest';
import { archiveCutoffMs, monthsDue } from './archive-plan';

const at = (iso: string) => Date.parse(iso);

describe('which months are archived', () => {
  it('only months whose last day is older than the retention: on 2026-03-15 with 24 months, up to February 2024', () => {
    expect(new Date(archiveCutoffMs(at('2026-03-15T10:00:00Z'), 24)).toISOString()).toBe('2024-03-15T00:00:00.000Z');
    expect(monthsDue(at('2023-12-20T00:00:00Z'), at('2026-03-15T10:00:00Z'), 24).map((m) => m.month)).toEqual(['2023-12', '2024-01', '2024-02']);
  });

  it('a month with one record younger than the retention stays: March 2024 waits for April 2026', () => {
    expect(monthsDue(at('2024-03-01T00:00:00Z'), at('2026-03-31T23:59:00Z'), 24)).toEqual([]);
    expect(monthsDue(at('2024-03-01T00:00:00Z'), at('2026-04-01T00:00:00Z'), 24).map((m) => m.month)).toEqual(['2024-03']);
  });

  it('nothing is due when the earliest record is younger than the retention', () => {
    expect(monthsDue(at('2025-11-01T00:00:00Z'), at('2026-03-15T00:00:00Z'), 6)).toEqual([]);
    expect(monthsDue(at('2025-08-31T23:00:00Z'), at('2026-03-15T00:00:00Z'), 6).map((m) => m.month)).toEqual(['2025-08']);
  });
});
