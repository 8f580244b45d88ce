import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DB_FILE_NAME, type Engine } from '../engine';
import { TEST_ADMIN, TEST_PASSWORD, addUser, call, dataSnapshot, openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { runCliInProcess } from '../testing/cli-in-process';

const REPO = resolve(import.meta.dirname, '../../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** runCli in this process, with what it writes captured and `password` as what arrives on stdin. */
function opsflow(args: string[], password?: string): Promise<Run> {
  const readPassword = async () => {
    if (password === undefined) throw new Error('this command should not have read stdin');
    return password;
  };
  return runCliInProcess(args, { readPassword });
}

let root: string;
let cleanup: () => void;
beforeEach(() => {
  const temp = tempDataDir();
  root = temp.dir;
  cleanup = temp.cleanup;
});
afterEach(() => cleanup());

const SETUP = ['setup', '--organization', 'Bistro Group', '--location', 'Downtown', '--time-zone', 'America/Chicago', '--unit', 'F', '--admin', 'alice', '--admin-name', 'Alice Admin', '--password-stdin'];

/** An engine on a data folder, closed again by the time `fn` returns. */
async function withOpen<T>(dataDir: string, fn: (engine: Engine) => Promise<T>): Promise<T> {
  const engine = await openTestEngine({ dataDir });
  try {
    return await fn(engine);
  } finally {
    engine.close();
  }
}

/** A set-up data folder (by the UI's path) with a location manager, closed. */
async function setUpFolder(): Promise<string> {
  const dataDir = join(root, 'data');
  await withOpen(dataDir, async (engine) => {
    const admin = await setUpOrganization(engine);
    await addUser(engine, admin.token, { username: 'max', role: 'LOCATION_MANAGER', displayName: 'Max Manager' });
  });
  return dataDir;
}

function editFile(path: string, sql: string): void {
  const raw = new BetterSqlite3(path);
  raw.exec(sql);
  raw.close();
}

describe('opsflow setup', () => {
  it('provisions a PC without the UI: the administrator signs in with the piped password; a second setup is refused and changes nothing', async () => {
    const dataDir = join(root, 'new-pc');
    const r = await opsflow([...SETUP, '--data-dir', dataDir], TEST_ADMIN.password);
    expect(r).toEqual({
      code: 0,
      stdout: `Set up "Bistro Group" with the location "Downtown" and the administrator "alice" in ${dataDir}. Start OpsFlow and sign in.\n`,
      stderr: '',
    });
    await withOpen(dataDir, async (engine) => {
      const admin = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
      expect(admin.user).toMatchObject({ displayName: 'Alice Admin', role: 'TENANT_ADMIN' });
      expect((await call(engine, 'locations.list', {}, admin.token))[0]).toMatchObject({ name: 'Downtown', timeZone: 'America/Chicago', temperatureUnit: 'F' });
      expect((await call(engine, 'audit.list', { filter: { categories: ['settings'] } }, admin.token)).entries.filter((e) => e.action === 'setup.create')).toHaveLength(1);
    });

    const again = await opsflow([...SETUP.map((a) => (a === 'Bistro Group' ? 'Other Group' : a)), '--data-dir', dataDir], 'another long password');
    expect(again).toEqual({ code: 1, stdout: '', stderr: `opsflow: OpsFlow is already set up in ${dataDir} (organization "Bistro Group"). Nothing was changed.\n` });
  });

  it.each([
    ['without --password-stdin', SETUP.filter((a) => a !== '--password-stdin'), TEST_ADMIN.password, 'opsflow: The password is read from standard input, never from the command line (others could read it there): add --password-stdin and pipe it in.'],
    ['with an unknown time zone', SETUP.map((a) => (a === 'America/Chicago' ? 'Mars/Olympus' : a)), TEST_ADMIN.password, 'opsflow: --time-zone: "Mars/Olympus" is not a time zone OpsFlow knows; use an IANA name such as Europe/Berlin or America/Chicago.'],
    ['with a weak password', SETUP, 'password1', 'opsflow: Use at least 10 characters.'],
    ['with an invalid username', SETUP.map((a) => (a === 'alice' ? 'Alice Admin!' : a)), TEST_ADMIN.password, 'opsflow: --admin: Use letters, digits, dot, dash, underscore or @.'],
    ['with an empty organization name', SETUP.map((a) => (a === 'Bistro Group' ? '  ' : a)), TEST_ADMIN.password, "opsflow: --organization: The organization's name cannot be empty."],
    ['with a unit that is not C or F', SETUP.map((a) => (a === 'F' ? 'K' : a)), TEST_ADMIN.password, "opsflow: option '--unit <unit>' argument 'K' is invalid. Allowed choices are C, F. (add --help for usage)"],
  ])('%s it is refused in one line, and the PC stays to be set up', async (_case, args, password, line) => {
    const dataDir = join(root, 'new-pc');
    const r = await opsflow([...args, '--data-dir', dataDir], password);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `${line}\n` });
    if (existsSync(join(dataDir, DB_FILE_NAME))) {
      await withOpen(dataDir, async (engine) => expect((await call(engine, 'setup.status', {})).isSetUp).toBe(false));
    }
  });

  it('reads the password from a real pipe, as a provisioning script runs it', async () => {
    const dataDir = join(root, 'piped');
    const child = spawn(process.execPath, ['bin/opsflow.js', ...SETUP, '--data-dir', dataDir], { cwd: REPO, env: { ...process.env, OPSFLOW_DATA_DIR: '', OPSFLOW_LOG_LEVEL: 'warn' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.end(`${TEST_ADMIN.password}\n`); // echo adds a line break; it is not part of the password
    const code = await new Promise<number | null>((done) => child.on('close', done));
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    expect(stdout).toContain('Set up "Bistro Group"');
    await withOpen(dataDir, async (engine) => {
      expect((await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password })).user.role).toBe('TENANT_ADMIN');
    });
  });
});

describe('opsflow users add', () => {
  it('creates a user at a location given by name, who then signs in; the entry names the command line', async () => {
    const dataDir = await setUpFolder();
    const r = await opsflow(['users', 'add', '--username', 'sam', '--name', 'Sam Staff', '--role', 'STAFF', '--location', 'downtown', '--password-stdin', '--data-dir', dataDir], TEST_PASSWORD);
    expect(r).toEqual({ code: 0, stdout: 'Created Staff "sam" (Sam Staff) at Downtown.\n', stderr: '' });
    await withOpen(dataDir, async (engine) => {
      const sam = await call(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD });
      expect(sam.user).toMatchObject({ role: 'STAFF', locationIds: [engine.context.identity()!.homeLocationId] });
      const entry = engine.context.sqlite.prepare("SELECT actor_name, summary FROM audit_entries WHERE action = 'users.create' ORDER BY seq DESC LIMIT 1").get();
      expect(entry).toEqual({ actor_name: 'command line', summary: 'Created Staff "sam" (Sam Staff)' });
    });
  });

  it('an organization admin needs no location, and a location can be given by its id', async () => {
    const dataDir = await setUpFolder();
    const homeId = await withOpen(dataDir, async (engine) => engine.context.identity()!.homeLocationId);
    expect(await opsflow(['users', 'add', '--username', 'olga', '--name', 'Olga', '--role', 'TENANT_ADMIN', '--password-stdin', '--data-dir', dataDir], TEST_PASSWORD)).toMatchObject({ code: 0 });
    expect(await opsflow(['users', 'add', '--username', 'mia', '--name', 'Mia', '--role', 'MANAGER', '--location', homeId, '--password-stdin', '--data-dir', dataDir], TEST_PASSWORD)).toMatchObject({
      code: 0,
      stdout: 'Created Manager "mia" (Mia) at Downtown.\n',
    });
  });

  it.each([
    ['an unknown location', ['--location', 'Uptown'], TEST_PASSWORD, /^opsflow: --location: there is no location "Uptown"\. The locations are: Downtown \([0-9a-f-]+\)\.$/],
    ['no location for staff', [], TEST_PASSWORD, /^opsflow: --location: a Staff works at chosen locations; give at least one\.$/],
    ['a taken username', ['--location', 'Downtown', '--username', 'max'], TEST_PASSWORD, /^opsflow: The username "max" is taken; choose another\.$/],
    ['a weak password', ['--location', 'Downtown'], 'short', /^opsflow: Use at least 10 characters\.$/],
  ])('refuses %s in one line and adds no one', async (_case, extra, password, line) => {
    const dataDir = await setUpFolder();
    const before = await withOpen(dataDir, async (engine) => dataSnapshot(engine));
    const args = ['users', 'add', '--username', 'sam', '--name', 'Sam', '--role', 'STAFF', '--password-stdin', '--data-dir', dataDir, ...extra];
    const r = await opsflow(args, password);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(new RegExp(line.source.replace('$', '\\n$')));
    expect(await withOpen(dataDir, async (engine) => dataSnapshot(engine))).toBe(before);
  });
});

describe('opsflow verify', () => {
  it('says OK on untouched data; a role raised in the file is one PROBLEM line and exit 1, repaired and put on the record; then OK again', async () => {
    const dataDir = await setUpFolder();
    const ok = await opsflow(['verify', '--data-dir', dataDir]);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(/^OK: the database is intact, every stored document rebuilds, \d+ audit entries on 1 station\(s\) are in unbroken chains, and users, grants and settings match the directory document\.\n$/);

    editFile(join(dataDir, DB_FILE_NAME), "UPDATE users SET role = 'TENANT_ADMIN' WHERE username = 'max'");
    const found = await opsflow(['verify', '--data-dir', dataDir]);
    expect(found).toEqual({
      code: 1,
      stdout: 'PROBLEM rights: users "max": role "TENANT_ADMIN" in the table, "LOCATION_MANAGER" in the directory document (repaired from the directory document)\n',
      stderr: '',
    });
    await withOpen(dataDir, async (engine) => {
      expect(engine.context.directory.userByUsername('max')!.role).toBe('LOCATION_MANAGER');
      expect(engine.context.sqlite.prepare("SELECT risk FROM audit_entries WHERE action = 'security.rightsRepaired'").pluck().all()).toEqual(['CRITICAL']);
    });
    const json = await opsflow(['verify', '--json', '--data-dir', dataDir]);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true, problems: [], stations: 1 });
  });

  it('reports a broken audit chain and a damaged stored change, one line each, with exit 1', async () => {
    const dataDir = await setUpFolder();
    const dbFile = join(dataDir, DB_FILE_NAME);
    const raw = new BetterSqlite3(dbFile);
    raw.exec("DROP TRIGGER audit_entries_no_update; UPDATE audit_entries SET summary = 'nothing happened' WHERE seq = 2");
    const damaged = raw.prepare("SELECT seq, doc FROM y_updates WHERE doc LIKE '%/log/%' ORDER BY seq DESC LIMIT 1").get() as { seq: number; doc: string };
    raw.prepare('UPDATE y_updates SET "update" = ? WHERE seq = ?').run(Buffer.from('not a Yjs update'), damaged.seq);
    const entry = raw.prepare('SELECT device_id, id FROM audit_entries WHERE seq = 2').get() as { device_id: string; id: string };
    raw.close();
    const r = await opsflow(['verify', '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([
      `PROBLEM documents: stored change ${damaged.seq} of the document ${damaged.doc} cannot be read`,
      `PROBLEM audit: the chain of station ${entry.device_id} is broken: entry 2 (${entry.id}) was changed after it was written: its hash no longer matches its content`,
    ]);
  });

  it('reports a database that fails the integrity check, and stops there', async () => {
    const dataDir = await setUpFolder();
    const dbFile = join(dataDir, DB_FILE_NAME);
    const raw = new BetterSqlite3(dbFile);
    const rootPage = raw.prepare("SELECT rootpage FROM sqlite_master WHERE name = 'users_username'").pluck().get() as number;
    const pageSize = raw.pragma('page_size', { simple: true }) as number;
    raw.pragma('journal_mode = DELETE');
    raw.close();
    const { readFileSync, writeFileSync } = await import('node:fs');
    const bytes = readFileSync(dbFile);
    const page = bytes.subarray((rootPage - 1) * pageSize, rootPage * pageSize);
    page[page.indexOf('alice') + 4] = 'f'.charCodeAt(0);
    writeFileSync(dbFile, bytes);
    const r = await opsflow(['verify', '--data-dir', dataDir]);
    expect(r.code).toBe(1);
    expect(r.stdout.split('\n').filter(Boolean)).toEqual([expect.stringMatching(/^PROBLEM integrity: the database integrity check failed: .*users_username/)]);
  });
});

describe('opsflow restore', () => {
  async function backUp(dataDir: string): Promise<string> {
    const r = await opsflow(['backup', '--data-dir', dataDir]);
    expect(r.code).toBe(0);
    const folder = join(dataDir, 'backups');
    return join(folder, readdirSync(folder).find((f) => f.endsWith('.db'))!);
  }

  it('refuses the live database file in one line, and the data stays', async () => {
    const dataDir = await setUpFolder();
    const r = await opsflow(['restore', join(dataDir, DB_FILE_NAME), '--yes', '--accept-foreign', '--data-dir', dataDir]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'opsflow: That is the database OpsFlow is using right now, not a backup. Choose a backup file.\n' });
    expect(await withOpen(dataDir, async (engine) => engine.context.identity() !== null)).toBe(true);
  });

  it('refuses a backup with a damaged stored change in one line', async () => {
    const dataDir = await setUpFolder();
    const backup = await backUp(dataDir);
    const damaged = join(root, 'damaged.db');
    copyFileSync(backup, damaged);
    const raw = new BetterSqlite3(damaged);
    const row = raw.prepare("SELECT seq, doc FROM y_updates WHERE doc LIKE '%/directory' ORDER BY seq LIMIT 1").get() as { seq: number; doc: string };
    raw.prepare('UPDATE y_updates SET "update" = ? WHERE seq = ?').run(Buffer.from('garbage'), row.seq);
    raw.close();
    const r = await opsflow(['restore', damaged, '--yes', '--accept-foreign', '--data-dir', dataDir]);
    expect(r).toEqual({ code: 1, stdout: '', stderr: `opsflow: That backup file is damaged (stored change ${row.seq} of the document ${row.doc} cannot be read). Choose another backup.\n` });
  });

  it('tells a foreign file apart: it needs --accept-foreign, and its restore is CRITICAL on the record', async () => {
    const dataDir = await setUpFolder();
    const backup = await backUp(dataDir);
    const foreign = join(root, 'foreign.db');
    copyFileSync(backup, foreign);
    editFile(foreign, "UPDATE meta SET value = '1' WHERE key = 'backup_created_at_ms'");

    const refused = await opsflow(['restore', foreign, '--yes', '--data-dir', dataDir]);
    expect(refused.code).toBe(1);
    expect(refused.stdout).toMatch(/\nA foreign file: OpsFlow has no record of writing it \(SHA-256 [0-9a-f]{64}\)\.\n$/);
    expect(refused.stderr).toBe('opsflow: OpsFlow has no record of writing that file; add --accept-foreign to restore it anyway (the restore is logged as CRITICAL).\n');

    const known = await opsflow(['restore', backup, '--data-dir', dataDir]);
    expect(known.stdout).toMatch(/\nWritten by OpsFlow on \S+ by command line \(SHA-256 [0-9a-f]{64}\)\.\n$/);

    const accepted = await opsflow(['restore', foreign, '--yes', '--accept-foreign', '--data-dir', dataDir]);
    expect(accepted).toMatchObject({ code: 0, stderr: '' });
    await withOpen(dataDir, async (engine) => {
      const entry = engine.context.sqlite.prepare("SELECT risk, actor_name, summary FROM audit_entries WHERE action = 'backup.restore'").get() as { risk: string; actor_name: string; summary: string };
      expect(entry).toMatchObject({ risk: 'CRITICAL', actor_name: 'command line', summary: expect.stringContaining('a file OpsFlow has no record of writing, accepted as foreign by command line') });
    });
  });
});
