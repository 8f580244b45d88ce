import type { EntityKind } from '../../domain/contract/events';

/**
 * Whether a `data.changed` naming `changed` concerns a query that shows `refreshOn`. Kinds are
 * whole names from one list, so a screen listing 'backups' is refreshed by a backup and by nothing
 * that merely starts with the same letters.
 */
export function shouldRefresh(changed: readonly EntityKind[], refreshOn: readonly EntityKind[]): boolean {
  return changed.some((kind) => refreshOn.includes(kind));
}

/**
 * How long a refresh waits so that refreshes are at least `gapMs` apart: live sensors and a
 * download's months announce readings in bursts, and a burst should make one fetch, not one each.
 */
export function refreshWaitMs(lastRefreshMs: number, gapMs: number, nowMs: number): number {
  return Math.max(0, lastRefreshMs + gapMs - nowMs);
}
