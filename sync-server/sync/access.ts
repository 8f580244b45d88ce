// What a device token may do with a document, decided from its name before the document is
// loaded: the directory is read by every device and written by its write-enabled ones, the
// organization's main PC in full and the others within their location (checked update by update,
// see directory-guard.ts); a location's documents are open to the devices
// enrolled at that location, for writing if their enrollment allows it, and for reading to a
// regional office's devices whose enrollment names it (or all locations). A user's credentials
// document needs one more look, at the hub's directory: see `credentialsGranted`.
import * as Y from 'yjs';
import { DIRECTORY_MAPS, userRecord } from '../../domain/directory/records';
import { parseDocName, type ParsedDocName } from '../../domain/sync/doc-names';
import type { DeviceGrant } from '../storage/tenants';

export type DocAccess =
  | {
      allowed: true;
      doc: ParsedDocName;
      canWrite: boolean;
      /** The directory written by a PC other than the main one: the location its changes are confined to. */
      directoryScope?: string;
    }
  | { allowed: false; status: 400 | 403; reason: string };

export function decideDocAccess(grant: DeviceGrant, docName: string): DocAccess {
  const doc = parseDocName(docName);
  if (!doc) return { allowed: false, status: 400, reason: `'${docName}' is not a document name.` };
  if (doc.tenantId !== grant.tenantId) return { allowed: false, status: 403, reason: 'This document belongs to another organization.' };
  if (doc.kind === 'directory') return grant.canWriteDirectory ? { allowed: true, doc, canWrite: grant.canWrite } : { allowed: true, doc, canWrite: grant.canWrite, directoryScope: grant.locationId };
  // Allowed by name only: the caller must also ask credentialsGranted before loading it.
  if (doc.kind === 'credentials') return { allowed: true, doc, canWrite: grant.canWrite };
  if (doc.locationId !== grant.locationId && readsLocation(grant, doc.locationId)) return { allowed: true, doc, canWrite: false };
  if (doc.locationId !== grant.locationId) return { allowed: false, status: 403, reason: 'This device is not enrolled at that location.' };
  return { allowed: true, doc, canWrite: grant.canWrite };
}

/** A regional office's device reads the locations its enrollment names (or all of them), never writes them. */
function readsLocation(grant: DeviceGrant, locationId: string): boolean {
  const reads = grant.readLocations;
  return reads === 'all' || (reads !== undefined && reads.includes(locationId));
}

export const CREDENTIALS_REFUSED = 'This device’s location is not granted to that user: their sign-in secrets stay off it.';
export const CREDENTIALS_WITHDRAWN = 'That user is no longer granted this device’s location: their sign-in secrets leave it.';

/**
 * Whether the PCs of `locationId` may hold `userId`'s sign-in secrets, by the hub's copy of the
 * directory: the user is active and granted that location, or administers the whole organization.
 * A deactivated user's secrets leave every PC (nobody signs in with them; a copy is only something
 * to steal) and come back from the hub if they are reactivated. A user the hub's directory does
 * not know yet is refused (the PC asks again once the directory has synced).
 */
export function credentialsGranted(directory: Y.Doc, userId: string, locationId: string): boolean {
  const parsed = userRecord.safeParse(jsonOf(directory.getMap(DIRECTORY_MAPS.users).get(userId)));
  if (!parsed.success) return false;
  return parsed.data.active && (parsed.data.role === 'TENANT_ADMIN' || parsed.data.locationIds.includes(locationId));
}

/**
 * Whether the organization's main PC may hand in `userId`'s secrets without being granted them
 * (write-only): it creates and resets users of every location. Only for a user the hub's directory
 * knows, so no document is made up for a user who does not exist.
 */
export function credentialsHandedIn(directory: Y.Doc, grant: Pick<DeviceGrant, 'canWrite' | 'canWriteDirectory'>, userId: string): boolean {
  return grant.canWrite && grant.canWriteDirectory && userRecord.safeParse(jsonOf(directory.getMap(DIRECTORY_MAPS.users).get(userId))).success;
}

function jsonOf(record: unknown): unknown {
  return record instanceof Y.Map ? record.toJSON() : record;
}
