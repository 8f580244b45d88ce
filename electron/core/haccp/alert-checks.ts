import { alertIdOf, endAlertCondition, raiseAlert } from '../alerts/alerts';
import type { EngineContext } from '../context';
import { listExcursions } from './excursion-queries';
import { celsius, limitWords } from './unit-views';


const DAY_MS = 24 * 3600_000;
/** Excursions that ended longer ago than this raise no alert when their readings arrive (an import of last year). */
const RECENT_MS = 7 * DAY_MS;
/** A calibration due this soon is announced. */
const CALIBRATION_NOTICE_MS = 14 * DAY_MS;

function clockTime(atMs: number, timeZone: string): string {
  return new Date(atMs).toLocaleString('en-US', { timeZone, month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', hour12: false });
}

function openAlertsOf(ctx: EngineContext, locationId: string, kinds: string[]) {
  return ctx.q.all(
    ctx.db.selectFrom('alerts').select(['id', 'subject_id', 'ended_at_ms']).where('location_id', '=', locationId).where('kind', 'in', kinds).where('closed_at_ms', 'is', null),
  );
}

/**
 * Temperature excursions at this PC's location: a critical alert for each (recent) excursion, with
 * the condition ended when its run ends. An alert whose excursion the readings no longer show (a
 * late reading split it, the alarm delay was raised) ends with a note saying so, never vanishes.
 */
export function checkExcursionAlerts(ctx: EngineContext): void {
  const identity = ctx.identity();
  if (!identity) return;
  const locationId = identity.homeLocationId;
  const zone = ctx.directory.location(locationId)?.time_zone ?? 'UTC';
  const now = ctx.now();
  const excursions = listExcursions(ctx, { locationIds: [locationId], fromMs: now - RECENT_MS });
  const open = new Map(openAlertsOf(ctx, locationId, ['excursion']).map((a) => [a.id, a]));
  const current = new Set<string>();
  for (const e of excursions) {
    const occurrence = String(e.startMs);
    const alertId = alertIdOf('excursion', e.sensorId, occurrence);
    current.add(alertId);
    const known = ctx.q.first(ctx.db.selectFrom('alerts').select(['ended_at_ms', 'closed_at_ms']).where('id', '=', alertId));
    if (known && (known.closed_at_ms !== null || known.ended_at_ms !== null)) continue;
    const raised = raiseAlert(ctx, {
      locationId,
      kind: 'excursion',
      subjectId: e.sensorId,
      occurrence,
      severity: 'critical',
      title: `${e.unit} out of range`,
      detail: `${e.sensor}: out of range since ${clockTime(e.startMs, zone)}, ${Math.floor(e.durationMin)} min so far, peak ${celsius(e.peakCentiC)} (limit ${limitWords(e.limitKind, e.limitCentiC)}).`,
    });
    if (raised.raised) ctx.events.emit('alerts.raised', { alertId: raised.alertId, severity: 'critical', title: `${e.unit} out of range`, detail: `${e.sensor}: peak ${celsius(e.peakCentiC)}`, escalated: false });
    if (e.endMs !== null) endAlertCondition(ctx, alertId, e.endMs, `Back in range at ${clockTime(e.endMs, zone)} after ${Math.round(e.durationMin)} min.`);
  }
  for (const [alertId, alert] of open) {
    if (current.has(alertId) || alert.ended_at_ms !== null) continue;
    endAlertCondition(ctx, alertId, now, 'The readings no longer show this excursion (a late reading changed it, or the alarm delay was raised).');
  }
}

/** Calibration due within two weeks (warning) or overdue (critical), for this PC's sensors still in use. */
export function checkCalibrationAlerts(ctx: EngineContext): void {
  const identity = ctx.identity();
  if (!identity) return;
  const locationId = identity.homeLocationId;
  const zone = ctx.directory.location(locationId)?.time_zone ?? 'UTC';
  const now = ctx.now();
  const sensors = ctx.q.all(ctx.db.selectFrom('sensors').select(['id', 'name', 'calibration_due_ms', 'active']).where('location_id', '=', locationId));
  const wanted = new Set<string>();
  for (const s of sensors) {
    const due = s.calibration_due_ms;
    if (s.active !== 1 || due === null || due - now > CALIBRATION_NOTICE_MS) continue;
    const overdue = now >= due;
    const kind = overdue ? 'calibrationOverdue' : 'calibrationDue';
    wanted.add(alertIdOf(kind, s.id, String(due)));
    const { alertId, raised } = raiseAlert(ctx, {
      locationId,
      kind,
      subjectId: s.id,
      occurrence: String(due),
      severity: overdue ? 'critical' : 'warning',
      title: `${s.name}: calibration ${overdue ? 'overdue' : 'due'}`,
      detail: `Calibration ${overdue ? 'was' : 'is'} due ${clockTime(due, zone)}.`,
    });
    if (raised) ctx.events.emit('alerts.raised', { alertId, severity: overdue ? 'critical' : 'warning', title: `${s.name}: calibration ${overdue ? 'overdue' : 'due'}`, detail: '', escalated: false });
  }
  for (const alert of openAlertsOf(ctx, locationId, ['calibrationDue', 'calibrationOverdue'])) {
    if (wanted.has(alert.id) || alert.ended_at_ms !== null) continue;
    const overdueNow = alert.id.startsWith('calibrationDue/') && wanted.has(alert.id.replace('calibrationDue/', 'calibrationOverdue/'));
    endAlertCondition(ctx, alert.id, now, overdueNow ? 'Now overdue.' : 'Calibrated (or no longer in use).');
  }
}

/** A live sensor stopped answering (three missed polls) or answers again. */
export function noteSensorOnline(ctx: EngineContext, sensorId: string, online: boolean): void {
  const sensor = ctx.q.first(ctx.db.selectFrom('sensors').select(['name', 'location_id']).where('id', '=', sensorId));
  if (!sensor) return;
  const now = ctx.now();
  if (!online) {
    const title = `${sensor.name} is not answering`;
    const { alertId, raised } = raiseAlert(ctx, {
      locationId: sensor.location_id,
      kind: 'sensorOffline',
      subjectId: sensorId,
      occurrence: String(now),
      severity: 'warning',
      title,
      detail: 'It missed three polls in a row: check its cable or USB port. Temperatures are not being recorded meanwhile.',
    });
    if (raised) ctx.events.emit('alerts.raised', { alertId, severity: 'warning', title, detail: '', escalated: false });
    return;
  }
  for (const alert of openAlertsOf(ctx, sensor.location_id, ['sensorOffline'])) {
    if (alert.subject_id === sensorId && alert.ended_at_ms === null) endAlertCondition(ctx, alert.id, now, 'Answering again.');
  }
}
