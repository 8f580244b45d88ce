import { Button } from '@mantine/core';
import { useState } from 'react';
import type { AlertView } from '../../domain/contract/index';
import { useCan } from '../auth/session-store';
import { api } from '../bridge/api';
import { messageOf } from '../bridge/api-error';
import { notifyFailure, notifySuccess } from '../shell/notify';

/** Acknowledges an alert (haccp.record): the engine records who and when. */
export function AcknowledgeButton({ alert, size = 'xs' }: { alert: AlertView; size?: 'xs' | 'sm' }) {
  const canAcknowledge = useCan('haccp.record');
  const [busy, setBusy] = useState(false);
  if (!canAcknowledge || alert.acknowledgedAtMs !== null) return null;
  const acknowledge = async () => {
    setBusy(true);
    try {
      await api.invoke('alerts.acknowledge', { alertId: alert.id });
      notifySuccess(`Acknowledged: ${alert.title}.`);
    } catch (err) {
      notifyFailure('Not acknowledged', messageOf(err));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Button size={size} color="red" loading={busy} aria-label={`Acknowledge ${alert.title}`} onClick={() => void acknowledge()}>
      Acknowledge
    </Button>
  );
}
