import { OpsFlowError } from '../../../domain/errors';
import type { EngineContext } from '../context';
import { markEscalated } from './alerts';

export const DEFAULT_ESCALATE_AFTER_MIN = 15;
const SETTING = 'alerts.escalateAfterMin';
const SYSTEM = { id: null, name: 'system' };

export function escalateAfterMin(ctx: EngineContext): number {
  return ctx.stationSettings.get(SETTING, DEFAULT_ESCALATE_AFTER_MIN);
}

export function setEscalateAfterMin(ctx: EngineContext, minutes: number): void {
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > 240) throw new OpsFlowError('BAD_INPUT', 'Unacknowledged critical alerts escalate after 1 to 240 minutes.');
  ctx.stationSettings.set(SETTING, minutes);
}

/** The location's managers, in words: location managers and managers granted it, still active. */
function managersOf(ctx: EngineContext, locationId: string): string[] {
  return ctx.directory
    .users(false)
    .filter((u) => (u.role === 'LOCATION_MANAGER' || u.role === 'MANAGER') && u.locationIds.includes(locationId))
    .map((u) => u.display_name);
}

/**
 * Critical alerts nobody acknowledged within the configured time go to the location's managers:
 * marked on the alert (who, when), audited, and announced to every window that may see it.
 */
export function escalateUnacknowledged(ctx: EngineContext): void {
  const identity = ctx.identity();
  if (!identity) return;
  const cutoff = ctx.now() - escalateAfterMin(ctx) * 60_000;
  const due = ctx.q.all(
    ctx.db
      .selectFrom('alerts')
      .selectAll()
      .where('location_id', '=', identity.homeLocationId)
      .where('severity', '=', 'critical')
      .where('closed_at_ms', 'is', null)
      .where('acknowledged_at_ms', 'is', null)
      .where('escalated_at_ms', 'is', null)
      .where('raised_at_ms', '<=', cutoff),
  );
  for (const alert of due) {
    const managers = managersOf(ctx, alert.location_id);
    const to = managers.join(', ') || 'nobody (this location has no manager)';
    ctx.docs.transaction(() => {
      markEscalated(ctx, alert.id, to);
      ctx.audit.append(
        {
          action: 'alerts.escalate',
          summary: `"${alert.title}" was not acknowledged within ${escalateAfterMin(ctx)} min: escalated to ${to}`,
          risk: 'HIGH',
          entityType: 'alert',
          entityId: alert.id,
          locationId: alert.location_id,
        },
        SYSTEM,
      );
    });
    ctx.events.emit('alerts.raised', { alertId: alert.id, severity: 'critical', title: `Escalated: ${alert.title}`, detail: `Not acknowledged; sent to ${to}.`, escalated: true });
  }
}
