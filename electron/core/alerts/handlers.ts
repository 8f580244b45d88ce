import type { AlertView } from '../../../domain/contract/alerts';
import type { AlertKind, AlertSeverity } from '../../../domain/alerts/records';
import { OpsFlowError } from '../../../domain/errors';
import type { CallContext, EngineContext } from '../context';
import type { Database } from '../db/schema';
import type { HandlerMap } from '../handler';
import { visibleLocations } from '../sensors/sensor-views';
import { acknowledgeAlert } from './alerts';
import { escalateAfterMin, setEscalateAfterMin } from './escalation';

type AlertRow = Database['alerts'];

function alertView(row: AlertRow): AlertView {
  return {
    id: row.id,
    locationId: row.location_id,
    kind: row.kind as AlertKind,
    severity: row.severity as AlertSeverity,
    title: row.title,
    detail: row.detail,
    raisedAtMs: row.raised_at_ms,
    acknowledgedAtMs: row.acknowledged_at_ms,
    acknowledgedBy: row.acknowledged_by,
    endedAtMs: row.ended_at_ms,
    escalatedAtMs: row.escalated_at_ms,
    escalatedTo: row.escalated_to,
    closedAtMs: row.closed_at_ms,
    closedReason: row.closed_reason,
  };
}

function alertRow(ctx: EngineContext, alertId: string): AlertRow | undefined {
  return ctx.q.first(ctx.db.selectFrom('alerts').selectAll().where('id', '=', alertId));
}

function visibleAlert(call: CallContext, alertId: string): AlertRow {
  const row = alertRow(call.ctx, alertId);
  const notFound = new OpsFlowError('NOT_FOUND', 'That alert does not exist or is not at your locations.', { alertId });
  if (!row) throw notFound;
  if (!visibleLocations(call).includes(row.location_id)) call.refuse(notFound, `alert "${row.title}" is at a location the caller is not granted`, { entityType: 'alert', entityId: row.id, locationId: row.location_id });
  return row;
}

const SEVERITY_ORDER = `CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END`;

export const alertHandlers: HandlerMap<'alerts.list' | 'alerts.acknowledge' | 'alerts.settings' | 'alerts.setEscalation'> = {
  'alerts.list'({ state }, call) {
    const locations = visibleLocations(call);
    if (locations.length === 0) return [];
    const rows = call.ctx.sqlite
      .prepare(
        `SELECT * FROM alerts WHERE location_id IN (${locations.map(() => '?').join(', ')}) ${state === 'open' ? 'AND closed_at_ms IS NULL' : ''}
          ORDER BY closed_at_ms IS NOT NULL, ${SEVERITY_ORDER}, raised_at_ms DESC, id LIMIT 500`,
      )
      .all(...locations) as AlertRow[];
    return rows.map(alertView);
  },

  'alerts.acknowledge'({ alertId }, call) {
    const alert = visibleAlert(call, alertId);
    const who = call.actor().name;
    call.commit(
      {
        action: 'alerts.acknowledge',
        summary: `Acknowledged "${alert.title}" (${alert.severity}, raised ${new Date(alert.raised_at_ms).toISOString()})`,
        risk: 'LOW',
        entityType: 'alert',
        entityId: alert.id,
        locationId: alert.location_id,
      },
      () => acknowledgeAlert(call.ctx, alert.id, who),
    );
    return alertView(alertRow(call.ctx, alert.id)!);
  },

  'alerts.settings'(_input, call) {
    return { escalateAfterMin: escalateAfterMin(call.ctx) };
  },

  'alerts.setEscalation'({ escalateAfterMin: minutes }, call) {
    const before = escalateAfterMin(call.ctx);
    call.commit(
      { action: 'alerts.setEscalation', summary: `Unacknowledged critical alerts escalate after ${minutes} min (was ${before} min)`, risk: 'MEDIUM', entityType: 'settings' },
      () => setEscalateAfterMin(call.ctx, minutes),
    );
    return { escalateAfterMin: escalateAfterMin(call.ctx) };
  },
};
