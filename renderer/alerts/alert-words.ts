import type { AlertView } from '../../domain/contract/index';

export const SEVERITY_COLORS = { critical: 'red', warning: 'yellow', info: 'blue' } as const;
export const SEVERITY_WORDS = { critical: 'Critical', warning: 'Warning', info: 'Notice' } as const;

/** Where an alert stands, in words (never colour alone). */
export function alertState(alert: AlertView): string {
  if (alert.closedAtMs !== null) return 'Closed';
  if (alert.acknowledgedAtMs !== null) return alert.endedAtMs === null ? 'Acknowledged, still going on' : 'Acknowledged';
  if (alert.escalatedAtMs !== null) return 'Escalated, not acknowledged';
  return alert.endedAtMs === null ? 'Not acknowledged' : 'Over, not acknowledged';
}

/** The bar's one line: how many alerts are open, and the most urgent one. */
export function alertBarText(open: AlertView[]): string {
  const waiting = open.filter((a) => a.acknowledgedAtMs === null);
  const first = waiting[0] ?? open[0];
  if (!first) return '';
  const count = waiting.length > 0 ? `${waiting.length} alert${waiting.length === 1 ? '' : 's'} to acknowledge` : `${open.length} open alert${open.length === 1 ? '' : 's'}`;
  return `${count}: ${first.title}`;
}
