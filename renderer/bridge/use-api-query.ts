import { useCallback, useEffect, useRef, useState } from 'react';
import type { InputOf, MethodName, OutputOf } from '../../domain/contract/index';
import { entityKindsOf, type EntityKind } from '../../domain/contract/events';
import { api } from './api';
import { refreshWaitMs, shouldRefresh } from './refresh';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

interface QueryOptions {
  enabled?: boolean;
  /**
   * The kinds of data this query shows: a `data.changed` naming any of them fetches it again.
   * The one way a screen follows changes made elsewhere (another window, a timer, a device, sync).
   */
  refreshOn?: readonly EntityKind[];
  /** Refreshes at least this far apart; a change inside the gap is kept and refreshes at its end. */
  refreshGapMs?: number;
  /** Runs just before a refresh: a chart whose range ends now moves its end, then fetches. */
  beforeRefresh?: () => void;
}

/** Fetches a read-only contract call; keeps the previous data while a new fetch runs. */
export function useApiQuery<M extends MethodName>(
  method: M,
  input: InputOf<M>,
  { enabled = true, refreshOn, refreshGapMs = 0, beforeRefresh }: QueryOptions = {},
): QueryState<OutputOf<M>> {
  const inputKey = JSON.stringify(input);
  const refreshKey = refreshOn?.join(',') ?? '';
  const [version, setVersion] = useState(0);
  const [state, setState] = useState<{ data: OutputOf<M> | undefined; error: unknown; loading: boolean }>({
    data: undefined,
    error: null,
    loading: enabled,
  });
  const reload = useCallback(() => setVersion((v) => v + 1), []);
  const before = useRef(beforeRefresh);
  before.current = beforeRefresh;

  useEffect(() => {
    if (!enabled) return;
    let cancelled = false;
    setState((s) => ({ ...s, loading: true }));
    api.invoke(method, JSON.parse(inputKey) as InputOf<M>).then(
      (data) => {
        if (!cancelled) setState({ data, error: null, loading: false });
      },
      (error: unknown) => {
        if (!cancelled) setState((s) => ({ data: s.data, error, loading: false }));
      },
    );
    return () => {
      cancelled = true;
    };
  }, [method, inputKey, enabled, version]);

  useEffect(() => {
    if (!enabled || !refreshKey) return;
    const kinds = refreshKey.split(',') as EntityKind[];
    let lastRefreshMs = 0;
    let timer: number | null = null;
    const refresh = () => {
      timer = null;
      lastRefreshMs = Date.now();
      before.current?.();
      reload();
    };
    const unsubscribe = api.subscribe('data.changed', (payload) => {
      if (timer !== null || !shouldRefresh(entityKindsOf(payload), kinds)) return;
      const wait = refreshWaitMs(lastRefreshMs, refreshGapMs, Date.now());
      if (wait === 0) refresh();
      else timer = window.setTimeout(refresh, wait);
    });
    return () => {
      unsubscribe();
      if (timer !== null) window.clearTimeout(timer);
    };
  }, [enabled, refreshKey, refreshGapMs, reload]);

  return { ...state, reload };
}
