import { useCallback, useEffect, useState } from 'react';
import type { InputOf, MethodName, OutputOf } from '../../domain/contract/index';
import { api } from './api';

export interface QueryState<T> {
  data: T | undefined;
  error: unknown;
  loading: boolean;
  reload(): void;
}

interface QueryOptions {
  enabled?: boolean;
  /**
   * Entity types whose `data.changed` event makes this query fetch again, matched by prefix
   * ("user" matches "user" and "users").
   */
  refreshOn?: string[];
}

/** Fetches a read-only contract call; keeps the previous data while a new fetch runs. */
export function useApiQuery<M extends MethodName>(
  method: M,
  input: InputOf<M>,
  { enabled = true, refreshOn }: QueryOptions = {},
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
    const prefixes = refreshKey.split(',');
    return api.subscribe('data.changed', ({ entityTypes }) => {
      if (entityTypes.some((type) => prefixes.some((p) => type.toLowerCase().startsWith(p)))) reload();
    });
  }, [enabled, refreshKey, reload]);

  return { ...state, reload };
}
