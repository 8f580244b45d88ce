import { z } from 'zod';
import { method } from './define';

/**
 * This PC's link to its hub, as the person should read it: whether it is connected, since when it
 * is not, how many local changes the hub has not yet confirmed storing, and when it last had them all.
 */
export interface SyncStatus {
  /** 'standalone': not enrolled; the others describe an enrolled PC. */
  state: 'standalone' | 'connecting' | 'connected' | 'offline';
  hubUrl: string | null;
  /** The ids this PC's documents are named by: the hub operator creates the organization with them. */
  tenantId: string | null;
  locationId: string | null;
  enrolledAtMs: number | null;
  /** Set while offline (or still connecting): when the link was lost, or when this run began trying. */
  offlineSinceMs: number | null;
  /** Local changes (Yjs items) the hub has not confirmed storing: they are on this PC's disk, not yet on the hub. */
  changesWaiting: number;
  /** The last time the hub confirmed having every change this PC had. */
  lastSyncedAtMs: number | null;
  /** Why the last attempt failed, in words; null when connected. */
  lastError: string | null;
  /** A regional office PC: the other locations whose documents it reads (never writes) through the hub. */
  readLocationIds: string[];
  /**
   * Set when the hub refused this PC's changes to the organization's directory (users, catalog):
   * its sentence. Those changes stay on this PC only; the directory is read from the hub, and
   * everything else keeps syncing.
   */
  refusedDirectoryChanges: string | null;
}

const hubUrl = z
  .string()
  .trim()
  .min(1, 'Enter the hub address.')
  .max(2048)
  // No URL class in domain/ (it runs everywhere): scheme, host (no user name), optional port and path.
  .regex(/^https?:\/\/([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?(\/\S*)?$/, 'The hub address must look like http://hub.example.com:8740 (http or https, no user name).');

export const syncMethods = {
  'sync.status': method<SyncStatus>()({ input: z.strictObject({}), access: 'signedIn', mutation: false }),
  /** Enrolls this PC with a one-time code from the hub's operator; its documents upload on first connect. */
  'sync.enroll': method<SyncStatus>()({
    input: z.strictObject({ hubUrl, code: z.string().trim().min(4, 'Enter the enrollment code.').max(64) }),
    access: 'sync.manage',
    mutation: true,
  }),
  /** Forgets the hub and its token; the data stays on this PC. */
  'sync.disconnect': method<SyncStatus>()({ input: z.strictObject({ confirm: z.literal(true) }), access: 'sync.manage', mutation: true }),
};
