import { describe, expect, it } from 'vitest';
import type { DeviceView } from '../../domain/contract/index';
import { timeFormat } from '../time/time-format';
import { lastDownloadText, progressPercent, timeLeftText } from './device-text';

describe('device states in words', () => {
  it('never shows 100% before the last reading is in', () => {
    expect(progressPercent(null)).toBe(0);
    expect(progressPercent({ done: 0, total: 0, etaMs: null })).toBe(0);
    expect(progressPercent({ done: 900, total: 2000, etaMs: null })).toBe(45);
    expect(progressPercent({ done: 1999, total: 2000, etaMs: null })).toBe(99);
    expect(progressPercent({ done: 2000, total: 2000, etaMs: null })).toBe(100);
  });

  it('rounds the time left, and says when it cannot estimate yet', () => {
    expect(timeLeftText(null)).toBe('estimating time left');
    expect(timeLeftText(4_000)).toBe('a few seconds left');
    expect(timeLeftText(42_000)).toBe('about 45 s left');
    expect(timeLeftText(150_000)).toBe('about 3 min left');
    expect(timeLeftText(3_900_000)).toBe('about 1 h 5 min left');
  });

  it('sums up the last download with counts and the time', () => {
    const device = { lastDownload: { atMs: Date.UTC(2025, 0, 1, 20, 2), added: 2000, alreadyThere: 0 } } as DeviceView;
    expect(lastDownloadText(device, 'UTC', timeFormat())).toMatch(/^2,000 new, 0 already there · (2025-01-01 )?20:02$/);
    expect(lastDownloadText({ lastDownload: null } as DeviceView, 'UTC', timeFormat())).toBeNull();
  });
});
