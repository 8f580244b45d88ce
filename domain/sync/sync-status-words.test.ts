import { describe, expect, it } from 'vitest';
import type { SyncStatus } from '../contract/sync';
import { syncStatusLine } from './sync-status-words';

const base: SyncStatus = {
  state: 'connected',
  hubUrl: 'http://hub:8740',
  tenantId: 't',
  locationId: 'l',
  enrolledAtMs: 0,
  offlineSinceMs: null,
  changesWaiting: 0,
  lastSyncedAtMs: 1_000,
  lastError: null,
  readLocationIds: [],
  refusedDirectoryChanges: null,
};
const format = { ago: () => '2 min ago', time: () => '14:02' };

describe('the sync status line', () => {
  it('says when the PC last had everything on the hub', () => {
    expect(syncStatusLine(base, format)).toBe('Synced 2 min ago');
  });
  it('offline: since when, and how many changes only this PC has', () => {
    expect(syncStatusLine({ ...base, state: 'offline', offlineSinceMs: 5, changesWaiting: 37 }, format)).toBe('Offline since 14:02 · 37 changes waiting');
    expect(syncStatusLine({ ...base, state: 'offline', offlineSinceMs: 5, changesWaiting: 1 }, format)).toBe('Offline since 14:02 · 1 change waiting');
  });
  it('connected with changes not yet confirmed is not "synced"', () => {
    expect(syncStatusLine({ ...base, changesWaiting: 3 }, format)).toBe('Syncing · 3 changes waiting');
  });
  it('a standalone PC shows nothing', () => {
    expect(syncStatusLine({ ...base, state: 'standalone' }, format)).toBeNull();
  });
});
