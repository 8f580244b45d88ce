import { useCallback, useState, type ChangeEvent } from 'react';

/**
 * Field errors of a form: `validate` runs the checks before a call (true when all pass), and
 * `clear` drops one field's error as soon as the person edits it.
 */
export function useFormErrors<K extends string>() {
  const [errors, setErrors] = useState<Partial<Record<K, string>>>({});
  const validate = useCallback((checks: Record<K, string | null>): boolean => {
    const found: Partial<Record<K, string>> = {};
    for (const key of Object.keys(checks) as K[]) {
      const message = checks[key];
      if (message) found[key] = message;
    }
    setErrors(found);
    return Object.keys(found).length === 0;
  }, []);
  const clear = useCallback((field: K) => {
    setErrors((current) => {
      if (!(field in current)) return current;
      const next = { ...current };
      delete next[field];
      return next;
    });
  }, []);
  const reset = useCallback(() => setErrors({}), []);
  /** Props for a text input bound to `field`: its error, and an onChange that clears it and sets the value. */
  const bind = useCallback(
    (field: K, set: (value: string) => void) => ({
      error: errors[field],
      onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => {
        clear(field);
        set(event.currentTarget.value);
      },
    }),
    [errors, clear],
  );
  return { errors, validate, clear, reset, bind };
}
