import { Migrator, type Kysely, type Migration } from 'kysely';
import { OpsFlowError } from '../../../domain/errors';

/** Names of migrations already applied to this database (none for a fresh file). */
export async function appliedMigrations(db: Kysely<any>): Promise<string[]> {
  const tables = await db.introspection.getTables({ withInternalKyselyTables: true });
  if (!tables.some((t) => t.name === 'kysely_migration')) return [];
  const rows = await (db as Kysely<{ kysely_migration: { name: string } }>).selectFrom('kysely_migration').select('name').execute();
  return rows.map((r) => r.name);
}

/**
 * Brings the database to the latest schema. A database written by a newer OpsFlow is refused
 * before anything is touched: running old code on it could lose what the newer version stored.
 */
export async function migrateToLatest(db: Kysely<any>, migrations: Record<string, Migration>): Promise<{ applied: string[] }> {
  const known = new Set(Object.keys(migrations));
  const unknown = (await appliedMigrations(db)).filter((name) => !known.has(name));
  if (unknown.length > 0) {
    throw new OpsFlowError(
      'SCHEMA_TOO_NEW',
      'This data folder was written by a newer version of OpsFlow. Install the newer version to open it; nothing was changed.',
      { unknown },
    );
  }
  // Each feature reserves its numbers when its work starts, so a lower number can land after a
  // higher one: a data folder that already ran 013 must still run 011 when it arrives.
  const { error, results } = await new Migrator({ db, provider: { getMigrations: async () => migrations }, allowUnorderedMigrations: true }).migrateToLatest();
  if (error) throw error;
  return { applied: (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName) };
}
