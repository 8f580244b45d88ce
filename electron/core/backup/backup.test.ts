import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SessionInfo } from '../../../domain/contract';
import { SCHEMA_VERSION } from '../modules';
import type { Engine } from '../engine';
import {
  TEST_ADMIN,
  TEST_PASSWORD,
  addUser,
  auditActions,
  call,
  dataSnapshot,
  failure,
  openTestEngine,
  rowCount,
  setUpOrganization,
  tempDataDir,
  testClock,
} from '../testing/test-engine';

const DAY = 24 * 3600_000;

let dir: string;
let engine: Engine;
let clock: ReturnType<typeof testClock>;
let admin: SessionInfo;
const cleanups: (() => void)[] = [];
beforeEach(async () => {
  const temp = tempDataDir();
  dir = temp.dir;
  cleanups.push(temp.cleanup);
  clock = testClock();
  engine = await openTestEngine({ dataDir: dir, now: clock.now });
  admin = await setUpOrganization(engine);
});
afterEach(() => {
  engine.close();
  for (const c of cleanups.splice(0)) c();
});

async function errorOf(method: string, input: unknown) {
  const result = await engine.dispatch({ method, input, token: admin.token });
  if (result.ok) throw new Error(`${method} succeeded`);
  return result.error;
}

describe('backing up', () => {
  it('"back up now" writes a verified copy into the backup folder and records it', async () => {
    const info = await call(engine, 'backup.now', {}, admin.token);
    expect(dirname(info.path)).toBe(join(dir, 'backups'));
    expect(basename(info.path)).toBe('opsflow-20261122-090000.db');
    expect(existsSync(info.path)).toBe(true);
    expect(info).toMatchObject({ organizationName: 'Bistro Group', schemaVersion: SCHEMA_VERSION, createdAtMs: clock.now(), counts: { users: 1, locations: 1 } });

    // A self-contained SQLite file that passes its own integrity check.
    const copy = new BetterSqlite3(info.path, { readonly: true });
    expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(copy.prepare('SELECT COUNT(*) FROM users').pluck().get()).toBe(1);
    copy.close();
    expect(existsSync(`${info.path}-wal`)).toBe(false);
    expect(existsSync(`${info.path}.partial`)).toBe(false);

    const status = await call(engine, 'backup.status', {}, admin.token);
    expect(status).toMatchObject({ lastSuccessAtMs: clock.now(), lastError: null, stale: false, backups: [expect.objectContaining({ path: info.path })] });
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'backup.create', risk: 'LOW' });
    expect(await call(engine, 'backup.inspect', { path: info.path }, admin.token)).toMatchObject({ organizationName: 'Bistro Group' });
  });

  it('writes into the folder chosen in the settings', async () => {
    const { dir: folder, cleanup } = tempDataDir();
    cleanups.push(cleanup);
    await call(engine, 'settings.update', { backupFolder: join(folder, 'nightly') }, admin.token);
    const info = await call(engine, 'backup.now', {}, admin.token);
    expect(dirname(info.path)).toBe(join(folder, 'nightly'));
  });

  it('keeps only the last N backups (N from the settings), removing the oldest', async () => {
    await call(engine, 'settings.update', { backupKeep: 2 }, admin.token);
    const paths: string[] = [];
    for (let i = 0; i < 4; i++) {
      clock.advance(60 * 60_000);
      admin = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
      paths.push((await call(engine, 'backup.now', {}, admin.token)).path);
    }
    expect(readdirSync(join(dir, 'backups')).sort()).toEqual([basename(paths[2]!), basename(paths[3]!)]);
    expect((await call(engine, 'backup.status', {}, admin.token)).backups.map((b) => b.path)).toEqual([paths[3], paths[2]]);
  });

  it('several backups in the same second get their own files, and the newest are the ones kept', async () => {
    await call(engine, 'settings.update', { backupKeep: 2 }, admin.token);
    const paths: string[] = [];
    for (let i = 0; i < 3; i++) paths.push((await call(engine, 'backup.now', {}, admin.token)).path);
    expect(new Set(paths).size).toBe(3);
    expect(readdirSync(join(dir, 'backups')).sort()).toEqual([basename(paths[1]!), basename(paths[2]!)].sort());
  });

  it('a backup folder that cannot be written is reported, and status shows the error', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the folder should be');
    await call(engine, 'settings.update', { backupFolder: join(blocker, 'backups') }, admin.token);
    const error = await errorOf('backup.now', {});
    expect(error.code).toBe('BACKUP_INVALID');
    expect(error.message).toContain('backup folder');
    const status = await call(engine, 'backup.status', {}, admin.token);
    expect(status.lastError).toContain(blocker);
    // The failure is the warning; on the day of setup no backup is overdue yet.
    expect(status.stale).toBe(false);
  });

  it('backup status warns a day after setup without a backup, or when the last one is older than 2 days', async () => {
    expect((await call(engine, 'backup.status', {}, admin.token))).toMatchObject({ lastSuccessAtMs: null, stale: false });
    clock.advance(DAY + 60_000);
    admin = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    expect((await call(engine, 'backup.status', {}, admin.token))).toMatchObject({ lastSuccessAtMs: null, stale: true });
    await call(engine, 'backup.now', {}, admin.token);
    clock.advance(2 * DAY);
    admin = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    expect((await call(engine, 'backup.status', {}, admin.token)).stale).toBe(false);
    clock.advance(60_000);
    expect((await call(engine, 'backup.status', {}, admin.token)).stale).toBe(true);
  });
});

describe('refusing what is not a good backup', () => {
  async function expectRefused(path: string, message: RegExp) {
    const bytes = existsSync(path) ? readFileSync(path) : null;
    const before = { data: dataSnapshot(engine), audit: rowCount(engine, 'audit_entries'), users: await call(engine, 'users.list', {}, admin.token) };
    for (const [method, input] of [['backup.inspect', { path }], ['backup.restore', { path, confirm: true }]] as const) {
      const error = await errorOf(method, input);
      expect(error.code, method).toBe('BACKUP_INVALID');
      expect(error.message, method).toMatch(message);
    }
    expect(dataSnapshot(engine)).toBe(before.data);
    expect(rowCount(engine, 'audit_entries')).toBe(before.audit);
    if (bytes) expect(readFileSync(path).equals(bytes)).toBe(true);
    // Still the same data, still signed in.
    expect(await call(engine, 'users.list', {}, admin.token)).toEqual(before.users);
  }

  it('a file of random bytes', async () => {
    const path = join(dir, 'random.db');
    writeFileSync(path, randomBytes(64 * 1024));
    await expectRefused(path, /not an OpsFlow backup \(it is not a database file\)/);
  });

  it('a file that does not exist', async () => {
    await expectRefused(join(dir, 'missing.db'), /no backup file/);
  });

  it('an SQLite database that is not OpsFlow’s', async () => {
    const path = join(dir, 'recipes.db');
    const other = new BetterSqlite3(path);
    other.exec("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');");
    other.close();
    await expectRefused(path, /not an OpsFlow backup/);
  });

  it('a truncated copy of a real backup', async () => {
    await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const info = await call(engine, 'backup.now', {}, admin.token);
    const bytes = readFileSync(info.path);
    const path = join(dir, 'truncated.db');
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectRefused(path, /damaged/);
  });

  it('a backup whose audit log was tampered with', async () => {
    const info = await call(engine, 'backup.now', {}, admin.token);
    const path = join(dir, 'tampered.db');
    writeFileSync(path, readFileSync(info.path));
    const raw = new BetterSqlite3(path);
    raw.exec("DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET summary = 'nothing' WHERE seq = 1;");
    raw.close();
    await expectRefused(path, /tampered/);
  });

  it('a backup of another organization is refused for restore', async () => {
    const other = tempDataDir();
    cleanups.push(other.cleanup);
    const otherEngine = await openTestEngine({ dataDir: other.dir });
    const otherAdmin = await call(otherEngine, 'setup.create', {
      organizationName: 'Rival Diner',
      location: { name: 'Main', address: '', timeZone: 'UTC', temperatureUnit: 'C' },
      admin: { username: 'rita', password: 'rival diner password', displayName: 'Rita' },
    });
    const foreign = await call(otherEngine, 'backup.now', {}, otherAdmin.token);
    otherEngine.close();

    expect((await call(engine, 'backup.inspect', { path: foreign.path }, admin.token)).organizationName).toBe('Rival Diner');
    const before = dataSnapshot(engine);
    const error = await errorOf('backup.restore', { path: foreign.path, confirm: true });
    expect(error).toMatchObject({ code: 'BACKUP_INVALID', message: expect.stringContaining('another organization ("Rival Diner")') });
    expect(dataSnapshot(engine)).toBe(before);
    expect(await failure(engine, 'auth.signIn', { username: 'rita', password: 'rival diner password' })).toBe('BAD_CREDENTIALS');
  });
});

describe('restoring', () => {
  it('brings back the state of the backup, keeps the current database aside, and signs everyone out', async () => {
    const backup = await call(engine, 'backup.now', {}, admin.token);
    const { session: sam } = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    clock.advance(60_000);

    const result = await call(engine, 'backup.restore', { path: backup.path, confirm: true }, admin.token);
    expect(result.restored.counts.users).toBe(1);

    expect(await failure(engine, 'users.list', {}, admin.token)).toBe('NOT_SIGNED_IN');
    expect(await failure(engine, 'locations.list', {}, sam.token)).toBe('NOT_SIGNED_IN');
    expect(await failure(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD })).toBe('BAD_CREDENTIALS');
    const again = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    expect((await call(engine, 'users.list', {}, again.token)).map((u) => u.username)).toEqual(['alice']);

    // The restore is on the record of the restored database, and its chain is intact.
    expect(auditActions(engine).slice(-3).map((e) => e.action)).toEqual(['backup.restore', 'auth.signInFailed', 'auth.signIn']);
    expect((await call(engine, 'audit.verify', {}, again.token)).ok).toBe(true);

    // The data from before the restore is kept, whole, beside it.
    expect(result.previousKeptAt.startsWith(join(dir, 'opsflow.db.before-restore-'))).toBe(true);
    const kept = new BetterSqlite3(result.previousKeptAt, { readonly: true });
    expect(kept.prepare('SELECT username FROM users ORDER BY username').pluck().all()).toEqual(['alice', 'sam']);
    kept.close();
    // The backup file itself is untouched and still restorable.
    expect((await call(engine, 'backup.inspect', { path: backup.path }, again.token)).counts.users).toBe(1);
  });

  it('survives a restart: the restored data is what opens next time', async () => {
    const backup = await call(engine, 'backup.now', {}, admin.token);
    await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    await call(engine, 'backup.restore', { path: backup.path, confirm: true }, admin.token);
    engine.close();
    engine = await openTestEngine({ dataDir: dir, now: clock.now });
    admin = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    expect((await call(engine, 'users.list', {}, admin.token)).map((u) => u.username)).toEqual(['alice']);
  });

  it('keeps this PC’s backup settings and history, and starts a new audit chain instead of forking the old one', async () => {
    const folder = join(dir, 'elsewhere');
    await call(engine, 'settings.update', { backupFolder: folder, backupKeep: 3 }, admin.token);
    const backup = await call(engine, 'backup.now', {}, admin.token);
    const deviceBefore = engine.context.identity()!.stationId;
    await call(engine, 'backup.restore', { path: backup.path, confirm: true }, admin.token);
    const again = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    const status = await call(engine, 'backup.status', {}, again.token);
    expect(status.folder).toBe(folder);
    expect(status.stale).toBe(false);
    expect(engine.context.identity()!.stationId).not.toBe(deviceBefore);
    const verdict = await call(engine, 'audit.verify', {}, again.token);
    expect(verdict).toMatchObject({ ok: true, devices: 2 });
  });
});
