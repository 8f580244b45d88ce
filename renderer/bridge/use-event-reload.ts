import { useEffect, useRef } from 'react';
import type { EventMap, Topic } from '../../domain/contract/events';
import { api } from './api';

/**
 * Calls `reload` when any of the topics is pushed (and `when`, if given, accepts the payload), at
 * most once per `minGapMs`: live sensors push a 'readings.stored' per poll, and a burst of them
 * should make one fetch, not one each. A push inside the gap is kept and runs when the gap ends.
 */
export function useEventReload<T extends Topic>(
  topics: T[],
  reload: () => void,
  { minGapMs = 1000, when }: { minGapMs?: number; when?: (topic: T, payload: EventMap[T]) => boolean } = {},
): void {
  const latest = useRef({ reload, when });
  latest.current = { reload, when };
  const topicKey = topics.join(',');

  useEffect(() => {
    let lastRunMs = 0;
    let timer: number | null = null;
    const run = () => {
      timer = null;
      lastRunMs = Date.now();
      latest.current.reload();
    };
    const unsubscribes = (topicKey.split(',') as T[]).map((topic) =>
      api.subscribe(topic, (payload) => {
        if (latest.current.when && !latest.current.when(topic, payload)) return;
        if (timer !== null) return;
        const wait = lastRunMs + minGapMs - Date.now();
        if (wait <= 0) run();
        else timer = window.setTimeout(run, wait);
      }),
    );
    return () => {
      for (const unsubscribe of unsubscribes) unsubscribe();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [topicKey, minGapMs]);
}
