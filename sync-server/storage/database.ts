import { mkdirSync } from 'node:fs';
import { Kysely, Migrator, PostgresDialect, type CompiledQuery } from 'kysely';
import pg from 'pg';
import { lockDataDir } from './data-dir-lock';
import { HUB_MIGRATIONS } from './migrations';
import { PGliteDialect } from './pglite-dialect';
import { PGliteThread } from './pglite-thread';
import type { HubSchema } from './schema';

export type HubDatabase = Kysely<HubSchema>;

export type StorageOptions = { databaseUrl: string } | { dataDir: string };

const embeddedDialects = new WeakMap<HubDatabase, PGliteDialect>();

/** PostgreSQL when a URL is given, else the embedded PGlite in the data folder; both migrated. */
export async function openHubDatabase(options: StorageOptions): Promise<HubDatabase> {
  const dialect = await dialectFor(options);
  const db = new Kysely<HubSchema>({ dialect });
  if (dialect instanceof PGliteDialect) embeddedDialects.set(db, dialect);
  try {
    await migrateHubDatabase(db);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  return db;
}

/**
 * Runs compiled `statements` in one transaction. On the embedded database that is one exchange
 * with its thread instead of one per statement: the path every stored group of updates takes.
 */
export async function runInTransaction(db: HubDatabase, statements: CompiledQuery[]): Promise<void> {
  const embedded = embeddedDialects.get(db);
  if (embedded) return embedded.runTransaction(statements);
  await db.transaction().execute(async (trx) => {
    for (const statement of statements) await trx.executeQuery(statement);
  });
}

async function dialectFor(options: StorageOptions) {
  if ('databaseUrl' in options) {
    // bigint columns (times, sequence numbers) arrive as strings; callers read them with toMs.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 8 });
    // An idle connection the server drops (a restart, a failover) is replaced on next use; without
    // a listener its error would end the process.
    pool.on('error', () => {});
    return new PostgresDialect({ pool });
  }
  mkdirSync(options.dataDir, { recursive: true });
  const unlock = lockDataDir(options.dataDir);
  try {
    return new PGliteDialect(await PGliteThread.start(`${options.dataDir}/pglite`), unlock);
  } catch (error) {
    unlock();
    throw error;
  }
}

export async function migrateHubDatabase(db: HubDatabase): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => HUB_MIGRATIONS },
    migrationTableName: 'hub_migration',
    migrationLockTableName: 'hub_migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`The hub database could not be brought up to date (migration ${failed}): ${String(error)}`, { cause: error });
  }
}
