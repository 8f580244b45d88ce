import type { SyncStatus } from '../../../domain/contract/sync';

/** What handlers use of the running sync service (sync-service.ts). */
export interface SyncPort {
  status(): SyncStatus;
  /** Starts linking after an enrollment was stored. */
  connect(): void;
  /** Stops linking (the enrollment is being forgotten). */
  disconnect(): void;
  /** When the hub last brought this PC a location's documents (a location it reads); null when never. */
  locationHeardAtMs(locationId: string): number | null;
}
