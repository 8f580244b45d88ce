import { describe, expect, it } from 'vitest';
import { describeAge, freshnessText, readingFreshness, staleAfterMs } from './reading-freshness';

const NOW = Date.UTC(2026, 10, 25, 15, 0);
const MIN = 60_000;
const live = (ageMs: number, extra: { intervalS?: number; online?: boolean | null } = {}) => ({
  logger: false,
  intervalS: extra.intervalS ?? 60,
  online: extra.online ?? true,
  lastReading: { atMs: NOW - ageMs },
});

describe('reading freshness', () => {
  it('a live reading within three intervals (at least 15 minutes) is current and says its age', () => {
    expect(readingFreshness(live(2 * MIN), NOW)).toEqual({ state: 'current', ageMs: 2 * MIN, atMs: NOW - 2 * MIN });
    expect(freshnessText(readingFreshness(live(2 * MIN), NOW))).toBe('2 min ago');
    expect(freshnessText(readingFreshness(live(10_000), NOW))).toBe('just now');
  });

  it('stale is older than three intervals, never sooner than 15 minutes', () => {
    expect(staleAfterMs(60)).toBe(15 * MIN);
    expect(staleAfterMs(600)).toBe(30 * MIN);
    expect(readingFreshness(live(14 * MIN), NOW).state).toBe('current');
    expect(readingFreshness(live(16 * MIN), NOW).state).toBe('stale');
    expect(readingFreshness(live(25 * MIN, { intervalS: 600 }), NOW).state).toBe('current');
    expect(freshnessText(readingFreshness(live(3 * 60 * MIN + 5 * MIN), NOW))).toBe('No reading for 3 h');
  });

  it('an offline probe says so in words, with the age of the value it last gave', () => {
    expect(freshnessText(readingFreshness(live(3 * 60 * MIN, { online: false }), NOW))).toBe('Offline · last reading 3 h ago');
  });

  it('a logger says when its readings were downloaded, however old', () => {
    const logger = { logger: true, intervalS: 300, online: null, lastReading: { atMs: NOW - 12 * MIN } };
    expect(freshnessText(readingFreshness(logger, NOW))).toBe('downloaded 12 min ago');
  });

  it('no reading at all is said as such', () => {
    expect(freshnessText(readingFreshness({ logger: false, intervalS: 60, online: null, lastReading: null }, NOW))).toBe('No reading yet');
  });

  it('ages are rounded down in minutes, hours, then days', () => {
    expect(describeAge(59 * MIN)).toBe('59 min');
    expect(describeAge(119 * MIN)).toBe('1 h');
    expect(describeAge(50 * 60 * MIN)).toBe('2 days');
  });
});
