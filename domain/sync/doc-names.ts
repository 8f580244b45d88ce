/**
 * Documents are partitioned along permission lines (ARCHITECTURE.md, Sync):
 *   <tenant>/directory            locations, users and roles, organization settings
 *   <tenant>/credentials/<user>   that user's sign-in secrets (only for PCs of the user's locations)
 *   <tenant>/<location>/ops       the location's mutable state
 *   <tenant>/<location>/log/<yyyy-mm>  the location's immutable facts of that month
 */
export type DocName = string;

export function directoryDocName(tenantId: string): DocName {
  return `${tenantId}/directory`;
}

export function credentialsDocName(tenantId: string, userId: string): DocName {
  return `${tenantId}/credentials/${userId}`;
}

export function opsDocName(tenantId: string, locationId: string): DocName {
  return `${tenantId}/${locationId}/ops`;
}

/** The month is taken in UTC so every device files a fact under the same document. */
export function logDocName(tenantId: string, locationId: string, atMs: number): DocName {
  const d = new Date(atMs);
  const month = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  return `${tenantId}/${locationId}/log/${month}`;
}

export type ParsedDocName =
  | { kind: 'directory'; tenantId: string }
  | { kind: 'credentials'; tenantId: string; userId: string }
  | { kind: 'ops'; tenantId: string; locationId: string }
  | { kind: 'log'; tenantId: string; locationId: string; month: string };

const SEGMENT = /^[A-Za-z0-9_-]{1,64}$/;

export function parseDocName(name: string): ParsedDocName | null {
  const parts = name.split('/');
  if (!parts.every((p) => SEGMENT.test(p))) return null;
  if (parts.length === 2 && parts[1] === 'directory') return { kind: 'directory', tenantId: parts[0]! };
  // `credentials` is a reserved word, never a location id: its ops document would be ambiguous.
  if (parts[1] === 'credentials') return parts.length === 3 ? { kind: 'credentials', tenantId: parts[0]!, userId: parts[2]! } : null;
  if (parts.length === 3 && parts[2] === 'ops') return { kind: 'ops', tenantId: parts[0]!, locationId: parts[1]! };
  if (parts.length === 4 && parts[2] === 'log' && /^\d{4}-(0[1-9]|1[0-2])$/.test(parts[3]!)) {
    return { kind: 'log', tenantId: parts[0]!, locationId: parts[1]!, month: parts[3]! };
  }
  return null;
}
