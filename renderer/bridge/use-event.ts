import { useEffect, useRef } from 'react';
import type { EventMap, Topic } from '../../domain/contract/events';
import { api } from './api';

/**
 * Runs `handler` for each push of `topic` while the component is shown. For pushes that are not
 * "data changed, fetch again" (that is useApiQuery's `refreshOn`): a lock, download progress, the
 * device manager's latest sentence.
 */
export function useEvent<T extends Topic>(topic: T, handler: (payload: EventMap[T]) => void): void {
  const latest = useRef(handler);
  latest.current = handler;
  useEffect(() => api.subscribe(topic, (payload) => latest.current(payload)), [topic]);
}
