import type { CorrectiveActionRecord } from '../../../domain/report/inspection-report';
import type { Store } from '../store';

/**
 * Where the report learns each excursion's corrective action and sign-off, by excursion key
 * (`excursionKey(sensorId, startMs)`). Absent or null: "none recorded". The corrective-actions
 * feature replaces `REPORT_CORRECTIVE_ACTIONS` with its own lookup; nothing else in the report changes.
 */
export type CorrectiveActionsOf = (store: Store, excursionKeys: readonly string[]) => Map<string, CorrectiveActionRecord | null>;

export const noCorrectiveActionsYet: CorrectiveActionsOf = () => new Map();

export const REPORT_CORRECTIVE_ACTIONS: CorrectiveActionsOf = noCorrectiveActionsYet;
