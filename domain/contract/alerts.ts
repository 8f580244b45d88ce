import { z } from 'zod';
import type { AlertKind, AlertSeverity } from '../alerts/records';
import { method } from './define';
import { wholeNumber } from './limits';

/** Alerts: raised by features (excursions, offline sensors, calibration…), acknowledged by people, escalated when nobody does. */

export const escalateAfterMin = wholeNumber(1, 240, 'Unacknowledged critical alerts escalate after 1 to 240 minutes.');

export interface AlertView {
  id: string;
  locationId: string;
  kind: AlertKind;
  severity: AlertSeverity;
  title: string;
  detail: string;
  raisedAtMs: number;
  acknowledgedAtMs: number | null;
  acknowledgedBy: string | null;
  /** When what it was about was over; it closes once acknowledged too. */
  endedAtMs: number | null;
  escalatedAtMs: number | null;
  escalatedTo: string | null;
  closedAtMs: number | null;
  closedReason: string | null;
}

export const alertMethods = {
  'alerts.list': method<AlertView[]>()({
    input: z.strictObject({ state: z.enum(['open', 'all']).default('open') }),
    access: 'haccp.view',
    mutation: false,
  }),
  'alerts.acknowledge': method<AlertView>()({ input: z.strictObject({ alertId: z.string().min(1).max(200) }), access: 'haccp.record', mutation: true }),
  'alerts.settings': method<{ escalateAfterMin: number }>()({ input: z.strictObject({}), access: 'haccp.view', mutation: false }),
  'alerts.setEscalation': method<{ escalateAfterMin: number }>()({
    input: z.strictObject({ escalateAfterMin }),
    access: 'haccp.manageLimits',
    mutation: true,
  }),
};
