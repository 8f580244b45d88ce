import type { Kysely } from 'kysely';
import type { StationIdentity } from './station/identity';
import type { Database } from './db/schema';
import type { Sqlite } from './db/open-database';
import type { SyncQuery } from './db/sync-query';
import type { Logger } from './logger';
import type { DocStore } from './sync/doc-store';

/**
 * What writers and projections may touch: the database, the documents, this station's identity,
 * the clock and the log. Deliberately small: a writer that needed sessions or devices would be
 * doing a handler's job.
 */
export interface Store {
  readonly sqlite: Sqlite;
  readonly db: Kysely<Database>;
  readonly q: SyncQuery;
  readonly docs: DocStore;
  readonly log: Logger;
  now(): number;
  /** Which organization and restaurant this station belongs to; null before first-run setup. */
  identity(): StationIdentity | null;
}
