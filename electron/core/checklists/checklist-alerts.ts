import { dayInZone } from '../../../domain/time/calendar-days';
import { alertIdOf, endAlertCondition, raiseAlert } from '../alerts/alerts';
import type { EngineContext } from '../context';
import { checklistCompliance } from './checklist-day';

/** Checklists due this many days back are still announced when found missed (a PC that was off over a weekend). */
const LOOK_BACK_DAYS = 2;

function clockTime(atMs: number, timeZone: string): string {
  return new Date(atMs).toLocaleString('en-US', { timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}

/**
 * A checklist not done by its due time is a compliance event: a warning alert at this PC's location.
 * Its condition ends when someone completes it (late, which the alert then says), or when its
 * template is retired. The clock is the engine's, so tests stand at any instant.
 */
export function checkChecklistAlerts(ctx: EngineContext): void {
  const identity = ctx.identity();
  if (!identity) return;
  const locationId = identity.homeLocationId;
  const zone = ctx.directory.location(locationId)?.time_zone ?? 'UTC';
  const today = dayInZone(ctx.now(), zone);
  const firstDay = dayInZone(ctx.now() - LOOK_BACK_DAYS * 24 * 3600_000, zone);
  const events = checklistCompliance(ctx, locationId, zone, firstDay, today);
  const missed = new Set<string>();
  for (const e of events) {
    const occurrence = `${e.day}/${e.slot}`;
    const name = `${e.templateName}${e.label ? ` (${e.label})` : ''}`;
    const alertId = alertIdOf('checklistMissed', e.templateId, occurrence);
    if (e.kind === 'missed') missed.add(alertId);
    const title = `Checklist missed: ${name}`;
    const { raised } = raiseAlert(ctx, { locationId, kind: 'checklistMissed', subjectId: e.templateId, occurrence, severity: 'warning', title, detail: `It was due at ${clockTime(e.dueAtMs, zone)}.` });
    if (raised) ctx.events.emit('alerts.raised', { alertId, severity: 'warning', title, detail: '', escalated: false });
    if (e.kind === 'late') endAlertCondition(ctx, alertId, e.completedAtMs!, `Completed late at ${clockTime(e.completedAtMs!, zone)}.`);
  }
  // Missed longer ago than the look-back, or no longer due (the template was retired or its schedule changed).
  const open = ctx.q.all(
    ctx.db.selectFrom('alerts').select(['id']).where('location_id', '=', locationId).where('kind', '=', 'checklistMissed').where('ended_at_ms', 'is', null).where('closed_at_ms', 'is', null),
  );
  for (const { id } of open) {
    if (missed.has(id)) continue;
    const [, templateId, day, slot] = id.split('/');
    const done = ctx.q.first(
      ctx.db
        .selectFrom('checklist_completions')
        .select((eb) => eb.fn.min<number>('completed_at_ms').as('first_ms'))
        .where('template_id', '=', templateId!)
        .where('day', '=', day!)
        .where('slot', '=', Number(slot)),
    )?.first_ms;
    if (done != null) endAlertCondition(ctx, id, done, `Completed late at ${clockTime(done, zone)}.`);
    else if (day! >= firstDay) endAlertCondition(ctx, id, ctx.now(), 'No longer due (the checklist was retired or rescheduled).');
  }
}
