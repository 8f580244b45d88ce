import * as Y from 'yjs';
import { ALERTS_MAP, type AlertKind, type AlertRecord, type AlertSeverity } from '../../../domain/alerts/records';
import { OpsFlowError } from '../../../domain/errors';
import { opsDocName } from '../../../domain/sync/doc-names';
import type { Store } from '../store';

/**
 * How any feature raises an alert: one call, `raiseAlert(store, {...})`. The alert bar, the Alerts
 * screen, the notification, acknowledgement and escalation come with it.
 *
 *   raiseAlert(store, { locationId, kind: 'lowStock', subjectId: itemId, occurrence: String(countedAtMs),
 *                       severity: 'warning', title: 'Low stock: flour', detail: '2 kg left, reorder at 10 kg' });
 *   endAlertCondition(store, alertId, atMs, 'Restocked');
 *
 * The id follows from (kind, subject, occurrence), so raising the same thing again, on this PC or
 * another, is the same alert: it is never duplicated, and never removed. An alert closes when what
 * it is about is over (endAlertCondition) AND someone acknowledged it; until both, it stays open.
 */
export interface NewAlert {
  locationId: string;
  kind: AlertKind;
  /** What it is about: a sensor, a unit, a checklist, an item (its id). */
  subjectId: string;
  /** Which time it happened to the subject (an excursion's start, a due date); '' for a standing condition. */
  occurrence: string;
  severity: AlertSeverity;
  title: string;
  detail: string;
}

export function alertIdOf(kind: AlertKind, subjectId: string, occurrence: string): string {
  return occurrence ? `${kind}/${subjectId}/${occurrence}` : `${kind}/${subjectId}`;
}

function tenantOf(store: Store): string {
  const identity = store.identity();
  if (!identity) throw new OpsFlowError('NOT_SET_UP', 'Set up OpsFlow before raising alerts.');
  return identity.tenantId;
}

function recordOf(doc: Y.Doc, alertId: string): Y.Map<unknown> | null {
  const record = doc.getMap(ALERTS_MAP).get(alertId);
  return record instanceof Y.Map ? record : null;
}

/** Raises the alert unless it is already there; returns its id and whether it is new. */
export function raiseAlert(store: Store, alert: NewAlert): { alertId: string; raised: boolean } {
  const alertId = alertIdOf(alert.kind, alert.subjectId, alert.occurrence);
  let raised = false;
  store.docs.change(opsDocName(tenantOf(store), alert.locationId), (doc) => {
    const existing = recordOf(doc, alertId);
    if (existing) {
      // The same alert seen again: its words may have grown (a longer excursion, a warmer peak).
      if (existing.get('closedAtMs') === null && existing.get('detail') !== alert.detail) existing.set('detail', alert.detail);
      return;
    }
    const record: AlertRecord = {
      kind: alert.kind,
      severity: alert.severity,
      subjectId: alert.subjectId,
      title: alert.title,
      detail: alert.detail,
      raisedAtMs: store.now(),
      acknowledgedAtMs: null,
      acknowledgedBy: null,
      endedAtMs: null,
      escalatedAtMs: null,
      escalatedTo: null,
      closedAtMs: null,
      closedReason: null,
    };
    doc.getMap(ALERTS_MAP).set(alertId, new Y.Map(Object.entries(record)));
    raised = true;
  });
  return { alertId, raised };
}

function changeAlert(store: Store, alertId: string, edit: (record: Y.Map<unknown>) => void): void {
  const row = store.q.first(store.db.selectFrom('alerts').select('location_id').where('id', '=', alertId));
  if (!row) throw new OpsFlowError('NOT_FOUND', 'That alert does not exist or is not at your locations.');
  store.docs.change(opsDocName(tenantOf(store), row.location_id), (doc) => {
    const record = recordOf(doc, alertId);
    if (!record) throw new OpsFlowError('NOT_FOUND', 'That alert does not exist or is not at your locations.');
    edit(record);
  });
}

function closeIfDone(record: Y.Map<unknown>, atMs: number, reason: string): void {
  if (record.get('closedAtMs') === null && record.get('endedAtMs') !== null && record.get('acknowledgedAtMs') !== null) {
    record.set('closedAtMs', atMs);
    record.set('closedReason', reason);
  }
}

/** What the alert is about is over (`note` says how); it closes now if already acknowledged. */
export function endAlertCondition(store: Store, alertId: string, atMs: number, note: string): void {
  changeAlert(store, alertId, (record) => {
    if (record.get('endedAtMs') !== null) return;
    record.set('endedAtMs', atMs);
    record.set('detail', `${String(record.get('detail'))} ${note}`.slice(0, 1000));
    closeIfDone(record, store.now(), `${note} Acknowledged by ${String(record.get('acknowledgedBy'))}.`);
  });
}

export function acknowledgeAlert(store: Store, alertId: string, byName: string): void {
  changeAlert(store, alertId, (record) => {
    if (record.get('acknowledgedAtMs') !== null) throw new OpsFlowError('CONFLICT', `${String(record.get('acknowledgedBy'))} has already acknowledged this alert.`);
    record.set('acknowledgedAtMs', store.now());
    record.set('acknowledgedBy', byName);
    closeIfDone(record, store.now(), `Acknowledged by ${byName} after it was over.`);
  });
}

export function markEscalated(store: Store, alertId: string, toNames: string): void {
  changeAlert(store, alertId, (record) => {
    record.set('escalatedAtMs', store.now());
    record.set('escalatedTo', toNames.slice(0, 500));
  });
}
