import { Alert } from '@mantine/core';
import { messageOf } from '../bridge/api-error';

/** A failed call, as the sentence the engine gave (or "Something went wrong…"). */
export function ErrorAlert({ error, title }: { error: unknown; title?: string }) {
  if (!error) return null;
  const message = typeof error === 'string' ? error : messageOf(error);
  return (
    <Alert color="red" variant="light" title={title} role="alert">
      {message}
    </Alert>
  );
}
