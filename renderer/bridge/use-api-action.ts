import { useCallback, useState } from 'react';
import { messageOf } from './api-error';

export interface ApiAction<A extends unknown[], R> {
  /** Runs the action; resolves to its result, or undefined when it failed (the error is in `error`). */
  run(...args: A): Promise<R | undefined>;
  busy: boolean;
  /** The sentence to show, or null. */
  error: string | null;
  setError(error: string | null): void;
}

/** Wraps a mutation: a busy flag for the button, the engine's sentence on failure. */
export function useApiAction<A extends unknown[], R>(action: (...args: A) => Promise<R>): ApiAction<A, R> {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = useCallback(
    async (...args: A) => {
      setBusy(true);
      setError(null);
      try {
        return await action(...args);
      } catch (err) {
        setError(messageOf(err));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error, setError };
}
