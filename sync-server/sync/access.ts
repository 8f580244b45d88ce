// What a device token may do with a document, decided from its name alone, before the document
// is loaded: the directory is read-only for every device; a location's documents are open to the
// devices enrolled at that location, for writing if their enrollment allows it.
import { parseDocName, type ParsedDocName } from '../../domain/sync/doc-names';
import type { DeviceGrant } from '../storage/tenants';

export type DocAccess =
  | { allowed: true; doc: ParsedDocName; canWrite: boolean }
  | { allowed: false; status: 400 | 403; reason: string };

export function decideDocAccess(grant: DeviceGrant, docName: string): DocAccess {
  const doc = parseDocName(docName);
  if (!doc) return { allowed: false, status: 400, reason: `'${docName}' is not a document name.` };
  if (doc.tenantId !== grant.tenantId) return { allowed: false, status: 403, reason: 'This document belongs to another organization.' };
  if (doc.kind === 'directory') return { allowed: true, doc, canWrite: false };
  // Until the hub checks a user's grants against its directory, no device receives credentials.
  if (doc.kind === 'credentials') return { allowed: false, status: 403, reason: 'This device may not receive that user’s sign-in secrets.' };
  if (doc.locationId !== grant.locationId) return { allowed: false, status: 403, reason: 'This device is not enrolled at that location.' };
  return { allowed: true, doc, canWrite: grant.canWrite };
}
