import { describe, expect, it } from 'vitest';
import { entityKindsOf } from '../../domain/contract/events';
import { refreshWaitMs, shouldRefresh } from './refresh';

describe('which data changes refresh a query', () => {
  it('a backup, scheduled or by hand, refreshes the backup tile on Home', () => {
    // What the engine pushes after the daily backup, as it arrives over the wire.
    const pushed = entityKindsOf(JSON.parse(JSON.stringify({ kinds: ['backups'] })));
    expect(shouldRefresh(pushed, ['backups'])).toBe(true);
  });

  it('refreshes when any one of the kinds shown changed, and only then', () => {
    expect(shouldRefresh(['audit', 'users'], ['users'])).toBe(true);
    expect(shouldRefresh(['sensors'], ['devices', 'sensors', 'readings'])).toBe(true);
    expect(shouldRefresh(['audit'], ['users'])).toBe(false);
    expect(shouldRefresh([], ['users'])).toBe(false);
    expect(shouldRefresh(['users'], [])).toBe(false);
  });

  it('only whole kind names compile: the old prefix "backup" is refused by the type checker', () => {
    // @ts-expect-error 'backup' is not a kind of data; 'backups' is.
    expect(shouldRefresh(['backups'], ['backup'])).toBe(false);
  });

  it('kinds this window does not know (a newer engine), or a malformed payload, refresh nothing', () => {
    expect(entityKindsOf({ kinds: ['backups', 'haccpLimits', 7, null] })).toEqual(['backups']);
    expect(entityKindsOf({ entityTypes: ['backups'] })).toEqual([]);
    expect(entityKindsOf({ kinds: 'backups' })).toEqual([]);
    expect(entityKindsOf(null)).toEqual([]);
  });
});

describe('refreshes of a burst of changes', () => {
  it('run at once when the last one is at least the gap ago', () => {
    expect(refreshWaitMs(0, 1000, 5000)).toBe(0);
    expect(refreshWaitMs(4000, 1000, 5000)).toBe(0);
    expect(refreshWaitMs(4000, 0, 4000)).toBe(0);
  });

  it('wait for the end of the gap otherwise', () => {
    expect(refreshWaitMs(4500, 1000, 5000)).toBe(500);
    expect(refreshWaitMs(5000, 5000, 5000)).toBe(5000);
  });
});
