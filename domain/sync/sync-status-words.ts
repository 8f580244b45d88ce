import type { SyncStatus } from '../contract/sync';

export interface StatusWordsFormat {
  /** "2 min ago" */
  ago(atMs: number): string;
  /** "14:02", in the location's time zone and the user's clock */
  time(atMs: number): string;
}

function changesWords(n: number): string {
  return n === 1 ? '1 change waiting' : `${n} changes waiting`;
}

/**
 * The one line the app shell shows about the hub: "Synced 2 min ago", "Offline since 14:02 · 37
 * changes waiting"; null for a standalone PC, which has nothing to say.
 */
export function syncStatusLine(status: SyncStatus, format: StatusWordsFormat): string | null {
  if (status.state === 'standalone') return null;
  const waiting = status.changesWaiting > 0 ? ` · ${changesWords(status.changesWaiting)}` : '';
  if (status.state === 'connected') {
    if (status.changesWaiting > 0) return `Syncing · ${changesWords(status.changesWaiting)}`;
    return status.lastSyncedAtMs === null ? 'Synced' : `Synced ${format.ago(status.lastSyncedAtMs)}`;
  }
  if (status.state === 'connecting') return `Connecting to the hub…${waiting}`;
  return `Offline since ${status.offlineSinceMs === null ? 'start-up' : format.time(status.offlineSinceMs)}${waiting}`;
}
