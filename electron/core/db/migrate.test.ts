import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Migrator, type MigrationProvider } from 'kysely';
import { afterEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME } from '../engine';
import { TEST_ADMIN, call, openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { MIGRATIONS } from '../modules';
import { openDatabase } from './open-database';

const provider: MigrationProvider = { getMigrations: async () => MIGRATIONS };
const ALL = Object.keys(MIGRATIONS);

function migrationRows(file: string): { name: string; timestamp: string }[] {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  try {
    return sqlite.prepare('SELECT name, timestamp FROM kysely_migration ORDER BY name').all() as never;
  } finally {
    sqlite.close();
  }
}

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});
function dataDir(): string {
  const { dir, cleanup } = tempDataDir();
  cleanups.push(cleanup);
  return dir;
}

describe('database migrations', () => {
  it('a fresh data folder is migrated to the latest schema and ready for first-run setup', async () => {
    const dir = dataDir();
    const engine = await openTestEngine({ dataDir: dir });
    try {
      expect(await call(engine, 'setup.status', {})).toEqual({ isSetUp: false, organizationName: null, deviceLocationName: null });
      const tables = engine.context.sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all();
      expect(tables).toEqual(expect.arrayContaining(['meta', 'y_updates', 'users', 'locations', 'audit_entries', 'backups']));
      expect(engine.context.sqlite.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(engine.context.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
    } finally {
      engine.close();
    }
    expect(migrationRows(join(dir, DB_FILE_NAME)).map((r) => r.name)).toEqual(ALL);
  });

  // Each earlier migration in turn plays "the schema an older OpsFlow left behind".
  it('there is an earlier schema to upgrade from', () => {
    expect(ALL.length).toBeGreaterThan(1);
  });

  it.each(ALL.slice(0, -1))('a database left at migration %s by an older version upgrades in place and keeps its data', async (olderMigration) => {
    const dir = dataDir();
    const file = join(dir, DB_FILE_NAME);
    const { sqlite, db } = openDatabase(file);
    const { error } = await new Migrator({ db, provider }).migrateTo(olderMigration);
    expect(error).toBeUndefined();
    sqlite.prepare("INSERT INTO meta (key, value) VALUES ('written-by-older-version', 'kept')").run();
    sqlite.prepare("INSERT INTO locations (id, name, address, time_zone, temperature_unit, created_at_ms) VALUES ('loc-old', 'Old Town', '', 'UTC', 'C', 1)").run();
    await db.destroy();

    const engine = await openTestEngine({ dataDir: dir });
    try {
      const q = engine.context.sqlite;
      expect(q.prepare("SELECT value FROM meta WHERE key = 'written-by-older-version'").pluck().get()).toBe('kept');
      expect(q.prepare("SELECT name FROM locations WHERE id = 'loc-old'").pluck().get()).toBe('Old Town');
      expect(q.prepare('SELECT name FROM kysely_migration ORDER BY name').pluck().all()).toEqual(ALL);
    } finally {
      engine.close();
    }
  });

  it('a migration numbered below one already applied (features reserve numbers, and land in any order) still runs', async () => {
    const dir = dataDir();
    const file = join(dir, DB_FILE_NAME);
    const { db } = openDatabase(file);
    // A data folder from before 011 and 012 landed: everything else up to 013 applied.
    const before = Object.fromEntries(Object.entries(MIGRATIONS).filter(([name]) => name < '014' && !name.startsWith('011') && !name.startsWith('012')));
    const { error } = await new Migrator({ db, provider: { getMigrations: async () => before } }).migrateToLatest();
    expect(error).toBeUndefined();
    await db.destroy();
    expect(migrationRows(file).map((r) => r.name)).not.toContain(ALL.find((n) => n.startsWith('011')));

    const engine = await openTestEngine({ dataDir: dir });
    engine.close();
    expect(migrationRows(file).map((r) => r.name).sort()).toEqual([...ALL].sort());
  });

  it('reopening a set-up data folder keeps the organization, its users and the audit log', async () => {
    const dir = dataDir();
    const first = await openTestEngine({ dataDir: dir });
    await setUpOrganization(first);
    const auditBefore = first.context.sqlite.prepare('SELECT COUNT(*) FROM audit_entries').pluck().get();
    first.close();

    const engine = await openTestEngine({ dataDir: dir });
    try {
      expect(await call(engine, 'setup.status', {})).toMatchObject({ isSetUp: true, organizationName: 'Bistro Group', deviceLocationName: 'Downtown' });
      const session = await call(engine, 'auth.signIn', { username: TEST_ADMIN.username, password: TEST_ADMIN.password });
      expect(session.user.role).toBe('TENANT_ADMIN');
      expect(engine.context.sqlite.prepare('SELECT COUNT(*) FROM audit_entries').pluck().get()).toBe(Number(auditBefore) + 1);
      expect((await call(engine, 'audit.verify', {}, session.token)).ok).toBe(true);
    } finally {
      engine.close();
    }
  });

  it('a data folder written by a newer OpsFlow is refused with SCHEMA_TOO_NEW and left exactly as it was', async () => {
    const dir = dataDir();
    const file = join(dir, DB_FILE_NAME);
    const engine = await openTestEngine({ dataDir: dir });
    await setUpOrganization(engine);
    engine.close();

    const newer = new BetterSqlite3(file);
    newer.prepare('INSERT INTO kysely_migration (name, timestamp) VALUES (?, ?)').run('999-from-a-newer-version', new Date().toISOString());
    newer.exec('CREATE TABLE newer_feature (id TEXT PRIMARY KEY)');
    newer.close();
    const bytesBefore = readFileSync(file);
    const migrationsBefore = migrationRows(file);

    await expect(openTestEngine({ dataDir: dir })).rejects.toMatchObject({
      code: 'SCHEMA_TOO_NEW',
      message: expect.stringContaining('newer version of OpsFlow'),
    });

    expect(readFileSync(file).equals(bytesBefore)).toBe(true);
    expect(migrationRows(file)).toEqual(migrationsBefore);
    expect(existsSync(`${file}-wal`) && readFileSync(`${file}-wal`).length > 0).toBe(false);
  });
});
