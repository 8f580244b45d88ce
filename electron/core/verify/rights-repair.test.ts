import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import { DB_FILE_NAME, type Engine } from '../engine';
import { TEST_ADMIN, TEST_PASSWORD, addUser, call, openTestEngine, rowCount, setUpOrganization, tempDataDir, testClock } from '../testing/test-engine';

let dir: string;
let engine: Engine;
let clock: ReturnType<typeof testClock>;
let admin: SessionInfo;
let cleanup: () => void;

beforeEach(async () => {
  const temp = tempDataDir();
  dir = temp.dir;
  cleanup = temp.cleanup;
  clock = testClock();
  engine = await openTestEngine({ dataDir: dir, now: clock.now });
  admin = await setUpOrganization(engine);
});
afterEach(() => {
  engine.close();
  cleanup();
});

/** The rows that grant rights, in key order (a row put back has a new rowid). */
function rightsRows() {
  const rows = (sql: string) => engine.context.sqlite.prepare(sql).all();
  return {
    users: rows('SELECT * FROM users ORDER BY id'),
    user_locations: rows('SELECT * FROM user_locations ORDER BY user_id, location_id'),
    locations: rows('SELECT * FROM locations ORDER BY id'),
    organization_settings: rows('SELECT * FROM organization_settings ORDER BY key'),
    meta: rows("SELECT * FROM meta WHERE key LIKE 'organization.%' ORDER BY key"),
  };
}

/** Closes the app, edits its database file as anyone holding it could, and starts the app again. */
async function editLiveFileAndRestart(sql: string): Promise<void> {
  engine.close();
  const raw = new BetterSqlite3(join(dir, DB_FILE_NAME));
  raw.exec(sql);
  raw.close();
  engine = await openTestEngine({ dataDir: dir, now: clock.now });
}

function entries(action: string) {
  return engine.context.sqlite.prepare('SELECT risk, summary, actor_name FROM audit_entries WHERE action = ? ORDER BY at_ms, rowid').all(action) as { risk: string; summary: string; actor_name: string }[];
}

describe('the rows that grant rights are checked against the directory document at every start-up', () => {
  it('a role raised in the live database file is put back at the next start, with a CRITICAL entry naming it', async () => {
    await addUser(engine, admin.token, { username: 'max', role: 'LOCATION_MANAGER' });
    await editLiveFileAndRestart("UPDATE users SET role = 'TENANT_ADMIN' WHERE username = 'max'");

    expect(engine.context.directory.userByUsername('max')!.role).toBe('LOCATION_MANAGER');
    expect((await call(engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD })).user.role).toBe('LOCATION_MANAGER');
    expect(entries('security.rightsRepaired')).toEqual([
      {
        risk: 'CRITICAL',
        actor_name: 'system',
        summary:
          'Users, grants or organization settings in the database did not match the directory document and were repaired from it: ' +
          'users "max": role "TENANT_ADMIN" in the table, "LOCATION_MANAGER" in the directory document',
      },
    ]);
    const again = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    expect((await call(engine, 'audit.verify', {}, again.token)).ok).toBe(true);
  });

  it('grants, settings, the organization name, added, removed and re-keyed users: every row is put back as the document says', async () => {
    await addUser(engine, admin.token, { username: 'max', role: 'LOCATION_MANAGER' });
    await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const expected = rightsRows();
    await editLiveFileAndRestart(`
      INSERT INTO user_locations (user_id, location_id) SELECT id, 'another-restaurant' FROM users WHERE username = 'sam';
      UPDATE organization_settings SET value = '240' WHERE key = 'idleLockMinutes';
      UPDATE organization_settings SET value = 'false' WHERE key = 'requireTotpForAdmins';
      UPDATE meta SET value = 'Hijacked Group' WHERE key = 'organization.name';
      UPDATE user_credentials SET password_hash = (SELECT password_hash FROM user_credentials JOIN users ON users.id = user_id WHERE username = 'sam')
        WHERE user_id = (SELECT id FROM users WHERE username = 'alice');
      INSERT INTO users SELECT 'forged-id', 'mallory', 'Mallory', 'TENANT_ADMIN', 1, 'C', 0, '24h', 'iso' FROM users WHERE username = 'sam';
      INSERT INTO user_credentials SELECT 'forged-id', password_hash, NULL, NULL, '[]' FROM user_credentials JOIN users ON users.id = user_id WHERE username = 'sam';
      DELETE FROM users WHERE username = 'max';
    `);
    expect(rightsRows()).toEqual(expected);
    const [entry] = entries('security.rightsRepaired');
    expect(entry!.risk).toBe('CRITICAL');
    for (const line of [
      'user_credentials "alice": password_hash differs from the directory document',
      'user_credentials "mallory": in the table but not in the directory document',
      'users "max": in the directory document but not in the table',
      'users "mallory": in the table but not in the directory document',
      'user_locations "sam" at another-restaurant: in the table but not in the directory document',
      'organization_settings "idleLockMinutes": value "240" in the table, "10" in the directory document',
      'meta "organization.name": value "Hijacked Group" in the table, "Bistro Group" in the directory document',
    ]) {
      expect(entry!.summary).toContain(line);
    }
    // A secret is named, never written into the log.
    expect(entry!.summary).not.toMatch(/scrypt\$/);
    expect(await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password })).toMatchObject({ user: { username: 'alice' } });
  });

  it('an untouched database opens without a repair and without an entry', async () => {
    await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const count = rowCount(engine, 'audit_entries');
    await editLiveFileAndRestart('SELECT 1');
    expect(rowCount(engine, 'audit_entries')).toBe(count);
    expect(entries('security.rightsRepaired')).toEqual([]);
  });
});
