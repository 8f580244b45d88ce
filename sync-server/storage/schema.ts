import type { Generated } from 'kysely';
import type { AuditEntriesRow } from '../../domain/audit/rows';
import type { ChecklistCompletionsRow, ChecklistSignoffsRow, CoolingEventsRow } from '../../domain/haccp/checklist-rows';
import type { StockMovementsRow } from '../../domain/inventory/rows';
import type { CorrectiveActionsRow, CorrectiveSignoffsRow } from '../../domain/haccp/corrective-rows';
import type { HaccpUnitsRow } from '../../domain/haccp/rows';
import type { SensorsRow } from '../../domain/sensors/rows';
import type { TasksRow } from '../../domain/tasks/rows';

/** A desktop row (domain mapping) as the hub stores it: tagged with its tenant, times as bigint. */
type TenantRow<Row> = { tenant_id: string } & { [K in keyof Row]: Row[K] extends number ? Ms | Row[K] : Row[K] };

/** Times are UTC epoch ms, stored as bigint and read back as numbers by `toMs`. */
type Ms = string | number | bigint;

export interface HubSchema {
  tenants: { id: string; name: string; created_at: Ms };
  locations: { tenant_id: string; id: string; name: string; created_at: Ms };
  devices: {
    id: string;
    tenant_id: string;
    location_id: string;
    name: string;
    token_hash: string;
    can_write: boolean;
    /** Migration 005: the founding PC writes the whole directory; the others within their location. */
    can_write_directory: boolean;
    created_at: Ms;
    revoked_at: Ms | null;
    /** Null for a token issued before tokens expired: see device-tokens.ts. */
    token_expires_at: Ms | null;
    /** Migration 006: the other locations it may read (never write). */
    reads_all_locations: Generated<boolean>;
    read_location_ids: Generated<string>;
  };
  enrollment_codes: {
    code_hash: string;
    tenant_id: string;
    location_id: string;
    can_write: boolean;
    can_write_directory: boolean;
    created_at: Ms;
    expires_at: Ms;
    used_at: Ms | null;
    reads_all_locations: Generated<boolean>;
    read_location_ids: Generated<string>;
  };
  doc_updates: { tenant_id: string; doc_name: string; seq: Generated<Ms>; update: Uint8Array };
  audit_heads: { tenant_id: string; device_id: string; location_id: string; entry_count: number; head_hash: string; updated_at: Ms };
  audit_links: { tenant_id: string; device_id: string; seq: number; prev_hash: string; hash: string };
  retired_device_tokens: { token_hash: string; tenant_id: string; device_id: string; valid_until: Ms };
  admin_tokens: { token_hash: string; tenant_id: string; name: string; created_at: Ms; revoked_at: Ms | null };
  alerts: { tenant_id: string; id: string; severity: 'CRITICAL' | 'WARNING'; kind: string; message: string; created_at: Ms };
  readings: {
    tenant_id: string;
    location_id: string;
    sensor_id: string;
    at_ms: Ms;
    temp_centi_c: number;
    raw_centi_c: number;
    source: number;
    humidity_centi_pct: number | null;
    flags: number;
  };
  stock_movements: TenantRow<StockMovementsRow>;
  stock_balances: { tenant_id: string; location_id: string; item_id: string; on_hand_base: Ms; unit_cost_milli_cents: Ms; cost_at_ms: Ms };
  checklist_completions: TenantRow<ChecklistCompletionsRow>;
  checklist_signoffs: TenantRow<ChecklistSignoffsRow>;
  cooling_events: TenantRow<CoolingEventsRow>;
  audit_entries: TenantRow<AuditEntriesRow>;
  location_sync: { tenant_id: string; location_id: string; last_update_at_ms: Ms };
  projected_state: { tenant_id: string; doc_name: string; state_vector: Uint8Array };
  /** Migration 010: the ops documents' tasks, HACCP units and sensors; the logs' corrective actions. */
  tasks: TenantRow<TasksRow>;
  haccp_units: TenantRow<HaccpUnitsRow>;
  sensors: TenantRow<SensorsRow>;
  corrective_actions: TenantRow<CorrectiveActionsRow>;
  corrective_signoffs: TenantRow<CorrectiveSignoffsRow>;
}

/** Tables whose rows belong to one tenant: Row-Level Security keeps a tenant scope to its own. */
export const TENANT_TABLES = ['locations', 'devices', 'enrollment_codes', 'doc_updates', 'audit_heads', 'alerts'] as const;
// audit_links (migration 002), admin_tokens (003) and the projections (004) are protected the same way.

/** The role a tenant-scoped transaction runs as: not the tables' owner, so the policies apply. */
export const TENANT_ROLE = 'opsflow_hub_tenant';

export function toMs(value: Ms): number {
  return Number(value);
}
