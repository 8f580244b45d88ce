import { parseDocName } from '../sync/doc-names';
import { skippedFor, type Skipped } from '../sync/rows';
import { alertRecord } from './records';

export interface AlertsRow {
  id: string;
  location_id: string;
  kind: string;
  severity: string;
  subject_id: string;
  title: string;
  detail: string;
  raised_at_ms: number;
  acknowledged_at_ms: number | null;
  acknowledged_by: string | null;
  ended_at_ms: number | null;
  escalated_at_ms: number | null;
  escalated_to: string | null;
  closed_at_ms: number | null;
  closed_reason: string | null;
}

/** An alert record (key: its id) in a location's ops document is one row of `alerts`. */
export function alertRows(docName: string, key: string, value: unknown): { alert: AlertsRow } | Skipped {
  const doc = parseDocName(docName);
  if (doc?.kind !== 'ops') return { skipped: `${docName} is not a location's ops document` };
  const parsed = alertRecord.safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  const r = parsed.data;
  return {
    alert: {
      id: key,
      location_id: doc.locationId,
      kind: r.kind,
      severity: r.severity,
      subject_id: r.subjectId,
      title: r.title,
      detail: r.detail,
      raised_at_ms: r.raisedAtMs,
      acknowledged_at_ms: r.acknowledgedAtMs,
      acknowledged_by: r.acknowledgedBy,
      ended_at_ms: r.endedAtMs,
      escalated_at_ms: r.escalatedAtMs,
      escalated_to: r.escalatedTo,
      closed_at_ms: r.closedAtMs,
      closed_reason: r.closedReason,
    },
  };
}
