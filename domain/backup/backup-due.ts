/** A PC with no backup yet is warned once it has run this long without one: the first daily backup is due by then. */
export const FIRST_BACKUP_DUE_MS = 24 * 3600_000;

/**
 * Whether Home and Settings should warn that the backup is out of date: the last good backup is
 * older than `staleAfterMs`, or there is none and this PC was set up more than a day ago. A fresh
 * install has nothing to back up yet and no reason to warn.
 */
export function backupIsStale(at: { lastSuccessAtMs: number | null; setUpAtMs: number | null; nowMs: number; staleAfterMs: number }): boolean {
  if (at.lastSuccessAtMs !== null) return at.nowMs - at.lastSuccessAtMs > at.staleAfterMs;
  return at.setUpAtMs !== null && at.nowMs - at.setUpAtMs > FIRST_BACKUP_DUE_MS;
}
