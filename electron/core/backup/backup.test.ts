import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, linkSync, readFileSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { can } from '../../../domain/auth/permissions';
import type { Role } from '../../../domain/auth/roles';
import { contract, type SessionInfo } from '../../../domain/contract';
import { SCHEMA_VERSION } from '../modules';
import { DB_FILE_NAME, type Engine } from '../engine';
import { withinFolderTimeout } from './backup-folder';
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

async function errorOf(method: string, input: unknown, token = admin.token) {
  const result = await engine.dispatch({ method, input, token });
  if (result.ok) throw new Error(`${method} succeeded`);
  return result.error;
}

/** A copy of a file in the test's folder, changed by `sql` run on it as anyone holding it could. */
function editedCopy(source: string, name: string, sql?: string): string {
  const path = join(dir, name);
  copyFileSync(source, path);
  if (sql) {
    const raw = new BetterSqlite3(path);
    raw.exec(sql);
    raw.close();
  }
  return path;
}

function sha256Of(path: string): string {
  return createHash('sha256').update(readFileSync(path)).digest('hex');
}

/** The newest audit entry, whichever station's chain it is on (a restore starts a new one). */
function lastEntry() {
  return engine.context.sqlite.prepare('SELECT action, risk, summary, actor_name, entity_id FROM audit_entries ORDER BY at_ms DESC, rowid DESC LIMIT 1').get() as {
    action: string;
    risk: string;
    summary: string;
    actor_name: string;
    entity_id: string | null;
  };
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

  it('a backup folder that cannot be written is reported in a sentence, status shows it, and the app keeps answering', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the folder should be');
    // Saved before folders were checked (or the disk changed since): the backup itself must say so.
    engine.context.stationSettings.set('backupFolder', join(blocker, 'backups'));
    const error = await errorOf('backup.now', {});
    expect(error.code).toBe('BACKUP_INVALID');
    expect(error.message).toMatch(/^OpsFlow cannot make the backup folder .*part of that path is a file, not a folder/);
    expect(error.message).not.toMatch(/EEXIST|ENOTDIR|mkdir/);
    const status = await call(engine, 'backup.status', {}, admin.token);
    expect(status.lastError).toBe(error.message);
    expect(status.backups).toEqual([]);
    // The failure is the warning; on the day of setup no backup is overdue yet.
    expect(status.stale).toBe(false);
    expect(await call(engine, 'settings.get', {}, admin.token)).toMatchObject({ backupKeep: 14 });
  });

  it('a backup folder that does not answer in time is a sentence, not a spinner', async () => {
    const never = new Promise<never>(() => undefined);
    await expect(withinFolderTimeout(never, '/mnt/share', 5)).rejects.toThrow(/^The backup folder \/mnt\/share did not answer within 0 seconds \(a network share may be unreachable\)/);
  });

  it('a backup under /proc, saved before folders were checked, is refused at once and the engine answers', async () => {
    engine.context.stationSettings.set('backupFolder', '/proc/opsflow-backups');
    expect((await errorOf('backup.now', {})).message).toMatch(/^\/proc is a view of the running system, not a disk/);
    expect((await call(engine, 'backup.status', {}, admin.token)).folder).toBe('/proc/opsflow-backups');
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

describe('choosing the backup folder', () => {
  async function refusal(folder: string) {
    const error = await errorOf('settings.update', { backupFolder: folder });
    expect(error.code).toBe('BACKUP_INVALID');
    expect((await call(engine, 'settings.get', {}, admin.token)).backupFolder).toBe(join(dir, 'backups'));
    return error.message;
  }

  it('a file is refused as a folder, in words, and nothing changes', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'not a folder');
    expect(await refusal(file)).toBe(`${file} is a file, not a folder. Choose a folder for the backups.`);
  });

  it('a folder that cannot be made (under a file) is refused with the reason', async () => {
    const file = join(dir, 'notes.txt');
    writeFileSync(file, 'not a folder');
    expect(await refusal(join(file, 'backups'))).toMatch(/^OpsFlow cannot make the backup folder .*: part of that path is a file, not a folder\./);
  });

  it('/proc, /sys and /dev are refused: they are views of the system, not disks', async () => {
    expect(await refusal('/proc/x')).toMatch(/^\/proc is a view of the running system/);
    expect(await refusal('/sys/backups')).toMatch(/^\/sys is a view/);
    expect(await refusal('/dev')).toMatch(/^\/dev is a view/);
  });

  it('a relative path is refused: it would depend on where OpsFlow was started', async () => {
    expect(await refusal('backups')).toMatch(/^Give the backup folder as a full path/);
  });

  it('a folder that can be made is made, and the probe file leaves nothing behind', async () => {
    const { dir: parent, cleanup } = tempDataDir();
    cleanups.push(cleanup);
    const folder = join(parent, 'new', 'backups');
    await call(engine, 'settings.update', { backupFolder: folder }, admin.token);
    expect(readdirSync(folder)).toEqual([]);
  });
});

describe('refusing what is not a good backup', () => {
  /** Refused by inspect and by restore with exactly `message` (a pattern would let one refusal pass for another). */
  async function expectRefused(path: string, message: string) {
    // Only a regular file is read here: reading a pipe would wait forever.
    const bytes = existsSync(path) && statSync(path).isFile() ? readFileSync(path) : null;
    const before = { data: dataSnapshot(engine), audit: rowCount(engine, 'audit_entries'), users: await call(engine, 'users.list', {}, admin.token) };
    for (const [method, input] of [['backup.inspect', { path }], ['backup.restore', { path, confirm: true, acceptForeign: true }]] as const) {
      const error = await errorOf(method, input);
      expect(error.code, method).toBe('BACKUP_INVALID');
      expect(error.message, method).toBe(message);
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
    await expectRefused(path, 'That file is not an OpsFlow backup (it is not a database file).');
  });

  it('a named pipe, which would be read forever, is refused without being opened', async () => {
    if (process.platform === 'win32') return;
    const path = join(dir, 'pipe.db');
    execFileSync('mkfifo', [path]);
    await expectRefused(path, 'That path is not a file (a pipe or a device, say), so it cannot be a backup.');
  });

  it('a file that does not exist', async () => {
    await expectRefused(join(dir, 'missing.db'), 'There is no backup file at that path.');
  });

  it('an SQLite database that is not OpsFlow’s', async () => {
    const path = join(dir, 'recipes.db');
    const other = new BetterSqlite3(path);
    other.exec("CREATE TABLE recipes (name TEXT); INSERT INTO recipes VALUES ('soup');");
    other.close();
    await expectRefused(path, 'That database is not an OpsFlow backup.');
  });

  it('a truncated copy of a real backup', async () => {
    await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const info = await call(engine, 'backup.now', {}, admin.token);
    const bytes = readFileSync(info.path);
    const path = join(dir, 'truncated.db');
    writeFileSync(path, bytes.subarray(0, Math.floor(bytes.length / 2)));
    await expectRefused(path, 'That file could not be read as an OpsFlow backup; it may be damaged.');
  });

  it('a backup whose audit log was tampered with', async () => {
    const info = await call(engine, 'backup.now', {}, admin.token);
    const path = join(dir, 'tampered.db');
    writeFileSync(path, readFileSync(info.path));
    const raw = new BetterSqlite3(path);
    raw.exec("DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET summary = 'nothing' WHERE seq = 1;");
    raw.close();
    await expectRefused(path, 'That backup\'s audit log has been tampered with (entry 1 was changed after it was written: its hash no longer matches its content). It was not restored.');
  });

  it('a backup that fails SQLite’s integrity check is refused for that reason, in those words', async () => {
    const info = await call(engine, 'backup.now', {}, admin.token);
    // One byte of the username index changed: every row still reads, only the integrity check notices.
    const path = editedCopy(info.path, 'bad-index.db');
    const raw = new BetterSqlite3(path, { readonly: true });
    const rootPage = raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'users_username'").pluck().get() as number;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.close();
    const bytes = readFileSync(path);
    const page = bytes.subarray((rootPage - 1) * pageSize, rootPage * pageSize);
    page[page.indexOf('alice') + 4] = 'f'.charCodeAt(0);
    writeFileSync(path, bytes);
    await expectRefused(path, 'That backup file is damaged (the database integrity check failed). Choose another backup.');
  });

  it('a backup with a damaged stored change is refused before anything is swapped, and the app keeps working, also after a restart', async () => {
    const info = await call(engine, 'backup.now', {}, admin.token);
    const path = editedCopy(info.path, 'damaged-update.db');
    const raw = new BetterSqlite3(path);
    const row = raw.prepare("SELECT seq, doc FROM y_updates WHERE doc LIKE '%/log/%' ORDER BY seq LIMIT 1").get() as { seq: number; doc: string };
    raw.prepare('UPDATE y_updates SET "update" = ? WHERE seq = ?').run(Buffer.from('garbage bytes, not a Yjs update'), row.seq);
    raw.close();
    await expectRefused(path, `That backup file is damaged (stored change ${row.seq} of the document ${row.doc} cannot be read). Choose another backup.`);
    engine.close();
    engine = await openTestEngine({ dataDir: dir, now: clock.now });
    admin = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    expect((await call(engine, 'users.list', {}, admin.token)).map((u) => u.username)).toEqual(['alice']);
  });

  it.each([
    ['the live database file', () => join(dir, DB_FILE_NAME)],
    ['a symbolic link to it', () => (symlinkSync(join(dir, DB_FILE_NAME), join(dir, 'link.db')), join(dir, 'link.db'))],
    ['a hard link to it', () => (linkSync(join(dir, DB_FILE_NAME), join(dir, 'hard.db')), join(dir, 'hard.db'))],
    ['its -wal file', () => join(dir, `${DB_FILE_NAME}-wal`)],
    ['the data folder spelled another way', () => join(dir, 'backups', '..', DB_FILE_NAME)],
  ])('%s is refused: it is not a backup, and the app stays set up', async (_what, pathOf) => {
    const path = pathOf();
    for (const [method, input] of [['backup.inspect', { path }], ['backup.restore', { path, confirm: true, acceptForeign: true }]] as const) {
      expect(await errorOf(method, input), method).toEqual({ code: 'BACKUP_INVALID', message: 'That is the database OpsFlow is using right now, not a backup. Choose a backup file.' });
    }
    expect(existsSync(join(dir, DB_FILE_NAME))).toBe(true);
    expect(await call(engine, 'setup.status', {})).toMatchObject({ isSetUp: true, organizationName: 'Bistro Group' });
    expect((await call(engine, 'users.list', {}, admin.token)).map((u) => u.username)).toEqual(['alice']);
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

describe('who may restore, and from which files', () => {
  it('restoring is an organization admin’s alone (the matrix, written out role by role)', () => {
    const expected: Record<Exclude<Role, 'SUPER_ADMIN'>, { manage: boolean; restore: boolean }> = {
      TENANT_ADMIN: { manage: true, restore: true },
      LOCATION_MANAGER: { manage: true, restore: false },
      COMPLIANCE_OFFICER: { manage: false, restore: false },
      MANAGER: { manage: false, restore: false },
      STAFF: { manage: false, restore: false },
      AUDITOR: { manage: false, restore: false },
    };
    for (const [role, rights] of Object.entries(expected) as [Role, { manage: boolean; restore: boolean }][]) {
      expect({ manage: can(role, 'backup.manage'), restore: can(role, 'backup.restore') }, role).toEqual(rights);
    }
    expect(contract['backup.restore'].access).toBe('backup.restore');
    expect(contract['backup.inspect'].access).toBe('backup.manage');
  });

  it('a location manager who backs up, makes themselves organization admin in the copy and restores it is refused, on the record', async () => {
    const { session: max } = await addUser(engine, admin.token, { username: 'max', role: 'LOCATION_MANAGER' });
    const backup = await call(engine, 'backup.now', {}, max.token);
    const path = editedCopy(backup.path, 'promoted.db', "UPDATE users SET role = 'TENANT_ADMIN' WHERE username = 'max'");
    const before = dataSnapshot(engine);
    expect(await errorOf('backup.restore', { path, confirm: true }, max.token)).toMatchObject({ code: 'FORBIDDEN' });
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'security.permissionDenied', risk: 'HIGH', summary: expect.stringContaining('backup.restore') });
    expect(dataSnapshot(engine)).toBe(before);
    expect((await call(engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD })).user.role).toBe('LOCATION_MANAGER');
  });

  it('every backup OpsFlow writes is on the record with its SHA-256, time and author', async () => {
    clock.advance(60_000);
    const backup = await call(engine, 'backup.now', {}, admin.token);
    expect(backup.sha256).toBe(sha256Of(backup.path));
    expect(backup.recorded).toEqual({ atMs: clock.now(), actorName: 'Alice Admin' });
    expect(lastEntry()).toMatchObject({ action: 'backup.create', actor_name: 'Alice Admin', entity_id: backup.sha256, summary: expect.stringContaining(`SHA-256 ${backup.sha256}`) });
    expect((await call(engine, 'backup.inspect', { path: backup.path }, admin.token)).recorded).toEqual(backup.recorded);
  });

  it('restoring a backup OpsFlow wrote is a CRITICAL entry naming the file, its hash and who wrote it', async () => {
    const backup = await call(engine, 'backup.now', {}, admin.token);
    await call(engine, 'backup.restore', { path: backup.path, confirm: true }, admin.token);
    expect(lastEntry()).toEqual({
      action: 'backup.restore',
      risk: 'CRITICAL',
      actor_name: 'Alice Admin',
      entity_id: backup.sha256,
      summary: expect.stringMatching(new RegExp(`^Restored the backup ${backup.path} \\(SHA-256 ${backup.sha256}, written by OpsFlow on 2026-11-22T09:00:00\\.000Z by Alice Admin\\); the previous data is kept at `)),
    });
  });

  it('a file OpsFlow has no record of writing is refused unless accepted as foreign; accepted, its restore is CRITICAL and says so', async () => {
    const backup = await call(engine, 'backup.now', {}, admin.token);
    // Intact and consistent, but not the bytes OpsFlow wrote.
    const path = editedCopy(backup.path, 'from-elsewhere.db', "UPDATE meta SET value = '1' WHERE key = 'backup_created_at_ms'");
    await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const inspected = await call(engine, 'backup.inspect', { path }, admin.token);
    expect(inspected).toMatchObject({ sha256: sha256Of(path), recorded: null });

    const before = dataSnapshot(engine);
    expect(await errorOf('backup.restore', { path, confirm: true })).toEqual({
      code: 'BACKUP_FOREIGN',
      message: 'OpsFlow has no record of writing that file: it is not one of this organization\'s backups, or it was changed since. Only an organization admin can restore it, by accepting it as a foreign file.',
    });
    expect(dataSnapshot(engine)).toBe(before);

    const result = await call(engine, 'backup.restore', { path, confirm: true, acceptForeign: true }, admin.token);
    expect(result.restored).toMatchObject({ path, recorded: null, sha256: inspected.sha256 });
    expect(lastEntry()).toMatchObject({
      action: 'backup.restore',
      risk: 'CRITICAL',
      entity_id: inspected.sha256,
      summary: expect.stringContaining(`(SHA-256 ${inspected.sha256}, a file OpsFlow has no record of writing, accepted as foreign by Alice Admin)`),
    });
    expect(rowCount(engine, 'users')).toBe(1);
  });

  it('a backup whose users were edited outside OpsFlow is refused even when accepted as foreign, and the attempt is CRITICAL on the record', async () => {
    await addUser(engine, admin.token, { username: 'max', role: 'LOCATION_MANAGER' });
    const backup = await call(engine, 'backup.now', {}, admin.token);
    const path = editedCopy(backup.path, 'promoted.db', "UPDATE users SET role = 'TENANT_ADMIN' WHERE username = 'max'");
    const before = dataSnapshot(engine);
    expect(await errorOf('backup.restore', { path, confirm: true, acceptForeign: true })).toEqual({
      code: 'BACKUP_INVALID',
      message:
        'That backup was changed outside OpsFlow: its users, grants or organization settings do not match its own directory document ' +
        '(users "max": role "TENANT_ADMIN" in the table, "LOCATION_MANAGER" in the directory document). It was not restored.',
    });
    expect(dataSnapshot(engine)).toBe(before);
    expect(lastEntry()).toMatchObject({ action: 'backup.tamperedRefused', risk: 'CRITICAL', actor_name: 'Alice Admin', summary: expect.stringContaining('users "max": role "TENANT_ADMIN"') });
    expect((await call(engine, 'auth.signIn', { username: 'max', password: TEST_PASSWORD })).user.role).toBe('LOCATION_MANAGER');
  });

  it('grants and settings edited in a backup are refused the same way', async () => {
    const backup = await call(engine, 'backup.now', {}, admin.token);
    const path = editedCopy(
      backup.path,
      'loosened.db',
      "UPDATE organization_settings SET value = '240' WHERE key = 'idleLockMinutes'; INSERT INTO user_locations (user_id, location_id) SELECT id, 'somewhere-else' FROM users",
    );
    const error = await errorOf('backup.restore', { path, confirm: true, acceptForeign: true });
    expect(error.message).toContain('organization_settings "idleLockMinutes": value "240" in the table, "10" in the directory document');
    expect(error.message).toContain('user_locations "alice" at somewhere-else: in the table but not in the directory document');
  });

  it('a backup written after the one restored is still recognized: the records of backups outlive a restore', async () => {
    const older = await call(engine, 'backup.now', {}, admin.token);
    await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    clock.advance(60_000);
    const newer = await call(engine, 'backup.now', {}, admin.token);
    await call(engine, 'backup.restore', { path: older.path, confirm: true }, admin.token);
    admin = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    expect((await call(engine, 'backup.inspect', { path: newer.path }, admin.token)).recorded).toEqual(newer.recorded);
    await call(engine, 'backup.restore', { path: newer.path, confirm: true }, admin.token);
    admin = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    expect((await call(engine, 'users.list', {}, admin.token)).map((u) => u.username).sort()).toEqual(['alice', 'sam']);
    expect((await call(engine, 'audit.verify', {}, admin.token)).ok).toBe(true);
  });
});
