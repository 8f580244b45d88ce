import type { AlertKind, AlertSeverity } from '../../../domain/alerts/records';
import type { EngineContext } from '../context';
import { endAlertCondition, raiseAlert } from './alerts';

export interface StandingCondition {
  locationId: string;
  kind: AlertKind;
  subjectId: string;
  severity: AlertSeverity;
  title: string;
  detail: string;
}

function openConditions(ctx: EngineContext, locationId: string, kind: AlertKind) {
  return ctx.q.all(
    ctx.db
      .selectFrom('alerts')
      .select(['id', 'subject_id'])
      .where('location_id', '=', locationId)
      .where('kind', '=', kind)
      .where('ended_at_ms', 'is', null)
      .where('closed_at_ms', 'is', null),
  );
}

/**
 * A condition with no time of its own (an item below its reorder point): while it lasts it is one
 * alert; once that alert's condition ended, the next time it happens is a new alert, named by when
 * it was first seen.
 */
export function raiseStandingAlert(ctx: EngineContext, condition: StandingCondition): void {
  const open = openConditions(ctx, condition.locationId, condition.kind).find((a) => a.subject_id === condition.subjectId);
  const occurrence = open ? open.id.slice(`${condition.kind}/${condition.subjectId}/`.length) : String(ctx.now());
  const { alertId, raised } = raiseAlert(ctx, { ...condition, occurrence });
  if (raised) ctx.events.emit('alerts.raised', { alertId, severity: condition.severity, title: condition.title, detail: condition.detail, escalated: false });
}

/** Ends the open conditions of a kind at a location whose subject is not among `current`. */
export function endStandingAlertsExcept(ctx: EngineContext, locationId: string, kind: AlertKind, current: ReadonlySet<string>, note: string): void {
  for (const alert of openConditions(ctx, locationId, kind)) {
    if (!current.has(alert.subject_id)) endAlertCondition(ctx, alert.id, ctx.now(), note);
  }
}
