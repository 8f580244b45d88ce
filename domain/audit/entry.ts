export const RISKS = ['LOW', 'MEDIUM', 'HIGH', 'CRITICAL'] as const;
export type Risk = (typeof RISKS)[number];

/** One line of the tamper-evident audit log. Immutable once written. */
export interface AuditEntry {
  id: string;
  /** Position in this device's chain, from 1. */
  seq: number;
  deviceId: string;
  atMs: number;
  actorId: string | null;
  actorName: string;
  locationId: string | null;
  action: string;
  entityType: string | null;
  entityId: string | null;
  summary: string;
  risk: Risk;
  prevHash: string;
  hash: string;
}

/** What a caller says about a change; the chain fields are filled in by the audit writer. */
export type AuditDraft = Pick<AuditEntry, 'action' | 'summary' | 'risk'> &
  Partial<Pick<AuditEntry, 'entityType' | 'entityId' | 'locationId'>>;

/**
 * What verifying the audit log found: `entriesChecked` rows of the audit table, on `devices`
 * devices' chains, compared with `logDocuments` log documents. `brokenAt` is the first problem:
 * which entry, and why, in words that follow "Entry 12 of device X".
 */
export type ChainVerdict =
  | { ok: true; entriesChecked: number; devices: number; logDocuments: number }
  | { ok: false; entriesChecked: number; devices: number; logDocuments: number; brokenAt: { deviceId: string; seq: number; id: string; reason: string } };
