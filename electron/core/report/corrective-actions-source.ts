import type { CorrectiveActionView } from '../../../domain/contract/corrective';
import { CORRECTIVE_ACTION_WORDS } from '../../../domain/haccp/corrective-action-facts';
import type { CorrectiveActionRecord } from '../../../domain/report/inspection-report';
import { correctiveActionsForRuns } from '../corrective/records';
import type { Store } from '../store';

/**
 * Where the report learns each excursion's corrective action and sign-off, by excursion key
 * (`excursionKey(sensorId, startMs)`, the same `sensor/start` key the corrective actions use).
 * Absent or null: "none recorded".
 */
export type CorrectiveActionsOf = (store: Store, excursionKeys: readonly string[]) => Map<string, CorrectiveActionRecord | null>;

/** "Product discarded (4 kg): compressor iced up; binned", as the inspector reads it. */
export function correctiveActionSummary(action: CorrectiveActionView): string {
  const what = CORRECTIVE_ACTION_WORDS[action.action] + (action.quantity ? ` (${action.quantity.amount} ${action.quantity.unit})` : '');
  const details = [action.cause, action.disposition].filter((part) => part.trim() !== '').join('; ');
  const amended = action.versions > 1 ? ` [amended, version ${action.versions}]` : '';
  return (details ? `${what}: ${details}` : what) + amended;
}

/** The record in force of each excursion (its latest amendment) with its sign-off. */
export const REPORT_CORRECTIVE_ACTIONS: CorrectiveActionsOf = (store, excursionKeys) => {
  const runs = excursionKeys.map((key) => {
    const cut = key.lastIndexOf('/');
    return { sensorId: key.slice(0, cut), startMs: Number(key.slice(cut + 1)) };
  });
  const out = new Map<string, CorrectiveActionRecord | null>();
  for (const [key, action] of correctiveActionsForRuns(store, runs)) {
    out.set(key, {
      summary: correctiveActionSummary(action),
      recordedBy: action.actorName,
      recordedAtMs: action.atMs,
      signedBy: action.signoff?.actorName ?? null,
      signedAtMs: action.signoff?.atMs ?? null,
    });
  }
  return out;
};
