import type { Generated } from 'kysely';

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
    created_at: Ms;
    revoked_at: Ms | null;
  };
  enrollment_codes: {
    code_hash: string;
    tenant_id: string;
    location_id: string;
    can_write: boolean;
    created_at: Ms;
    expires_at: Ms;
    used_at: Ms | null;
  };
  doc_updates: { tenant_id: string; doc_name: string; seq: Generated<Ms>; update: Uint8Array };
  audit_heads: { tenant_id: string; device_id: string; location_id: string; entry_count: number; head_hash: string; updated_at: Ms };
  audit_links: { tenant_id: string; device_id: string; seq: number; prev_hash: string; hash: string };
  admin_tokens: { token_hash: string; tenant_id: string; name: string; created_at: Ms; revoked_at: Ms | null };
  alerts: { tenant_id: string; id: string; severity: 'CRITICAL' | 'WARNING'; kind: string; message: string; created_at: Ms };
}

/** Tables whose rows belong to one tenant: Row-Level Security keeps a tenant scope to its own. */
export const TENANT_TABLES = ['locations', 'devices', 'enrollment_codes', 'doc_updates', 'audit_heads', 'alerts'] as const;
// audit_links (migration 002) is protected the same way.

/** The role a tenant-scoped transaction runs as: not the tables' owner, so the policies apply. */
export const TENANT_ROLE = 'opsflow_hub_tenant';

export function toMs(value: Ms): number {
  return Number(value);
}
