import { Alert } from '@mantine/core';
import { useConnectionStore } from '../bridge/connection-store';

export function ConnectionBanner() {
  const state = useConnectionStore((s) => s.state);
  if (state !== 'reconnecting') return null;
  return (
    <Alert color="orange" variant="light" role="status" mb="md" title="Connection lost">
      OpsFlow lost its connection to the engine and is reconnecting. Changes you make now are not saved until it is back.
    </Alert>
  );
}
