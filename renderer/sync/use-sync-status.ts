import { ENTITY_KINDS } from '../../domain/contract/events';
import { useApiQuery } from '../bridge/use-api-query';

/**
 * This PC's hub status. Every kind of change can add a change waiting, so it follows them all
 * (at most once a second), besides the engine's own 'sync' pushes.
 */
export function useSyncStatus() {
  return useApiQuery('sync.status', {}, { refreshOn: ENTITY_KINDS, refreshGapMs: 1000 });
}
