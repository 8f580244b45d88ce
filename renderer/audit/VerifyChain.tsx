import { Alert, Button, Stack } from '@mantine/core';
import { useState } from 'react';
import type { ChainVerdict } from '../../domain/audit/entry';
import { api } from '../bridge/api';
import { messageOf } from '../bridge/api-error';

export type VerifyOutcome = ChainVerdict | { error: string };

/** Re-hashes every device's chain in the engine and reports OK or the first broken entry. */
export function VerifyChainButton({ onOutcome }: { onOutcome(outcome: VerifyOutcome | null): void }) {
  const [busy, setBusy] = useState(false);
  async function verify() {
    setBusy(true);
    onOutcome(null);
    try {
      onOutcome(await api.invoke('audit.verify', {}));
    } catch (err) {
      onOutcome({ error: messageOf(err) });
    } finally {
      setBusy(false);
    }
  }
  return (
    <Button variant="default" loading={busy} onClick={() => void verify()}>
      Verify chain
    </Button>
  );
}

export function ChainVerdictAlert({ verdict }: { verdict: VerifyOutcome | null }) {
  if (!verdict) return null;
  if ('error' in verdict) {
    return (
      <Alert color="red" variant="light" role="alert" title="The chain could not be verified">
        {verdict.error}
      </Alert>
    );
  }
  if (verdict.ok) {
    return (
      <Alert color="green" variant="light" role="status" title="Audit chain OK">
        {verdict.entriesChecked.toLocaleString()} entries checked on {verdict.devices} {verdict.devices === 1 ? 'device' : 'devices'}:
        nothing was changed or removed.
      </Alert>
    );
  }
  const broken = verdict.brokenAt;
  return (
    <Alert color="red" variant="filled" role="alert" title="Audit chain BROKEN">
      <Stack gap={2}>
        <span>
          Entry #{broken.seq} on device {broken.deviceId} {broken.reason}.
        </span>
        <span>
          Entry id {broken.id}. {verdict.entriesChecked.toLocaleString()} entries were checked. Keep this PC as it is and tell
          your compliance officer.
        </span>
      </Stack>
    </Alert>
  );
}
