import type { SyncStatus } from '../../../domain/contract/sync';

/** What handlers use of the running sync service (sync-service.ts). */
export interface SyncPort {
  status(): SyncStatus;
  /** Starts linking after an enrollment was stored. */
  connect(): void;
  /** Stops linking (the enrollment is being forgotten). */
  disconnect(): void;
}
