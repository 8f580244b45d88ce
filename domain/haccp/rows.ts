import { parseDocName } from '../sync/doc-names';
import { skippedFor, type Skipped } from '../sync/rows';
import { unitRecord } from './records';

export interface HaccpUnitsRow {
  id: string;
  location_id: string;
  name: string;
  type: string;
  /** Null: the type's default limit. */
  limit_centi_c: number | null;
  alarm_delay_min: number;
  /** 1 or 0. */
  active: number;
  created_at_ms: number;
}

/** A unit record (key: the unit's id) in a location's ops document is one row of `haccp_units`, at that location. */
export function unitRows(docName: string, key: string, value: unknown): { unit: HaccpUnitsRow } | Skipped {
  const doc = parseDocName(docName);
  if (doc?.kind !== 'ops') return { skipped: `${docName} is not a location's ops document` };
  const parsed = unitRecord.safeParse(value);
  if (!parsed.success) return skippedFor(parsed.error);
  const r = parsed.data;
  return {
    unit: {
      id: key,
      location_id: doc.locationId,
      name: r.name,
      type: r.type,
      limit_centi_c: r.limitCentiC,
      alarm_delay_min: r.alarmDelayMin,
      active: r.active ? 1 : 0,
      created_at_ms: r.createdAtMs,
    },
  };
}
