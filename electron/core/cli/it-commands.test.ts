import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DB_FILE_NAME, type Engine } from '../engine';
import { TEST_ADMIN, TEST_PASSWORD, addUser, call, dataSnapshot, openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { runCli } from './main';

const REPO = resolve(import.meta.dirname, '../../..');

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** runCli in this process, with what it writes captured and `password` as what arrives on stdin. */
async function opsflow(args: string[], password?: string): Promise<Run> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => ((stdout += String(chunk)), true));
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => ((stderr += String(chunk)), true));
  try {
    const readPassword = async () => {
      if (password === undefined) throw new Error('this command should not have read stdin');
      return password;
    };
    const code = await runCli(args, { readPassword });
    return { code, stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
    process.exitCode = undefined;
  }
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
      expect((await call(engine, 'audit.list', { filter: { action: 'setup.create' } }, admin.token)).entries).toHaveLength(1);
    });

    const again = await opsflow([...SETUP.map((a) => (a === 'Bistro Group' ? 'Other Group' : a)), '--data-dir', dataDir], 'another long password');
    expect(again).toEqual({ code: 1, stdout: '', stderr: `opsflow: OpsFlow is already set up in ${dataDir} (organization "Bistro Group"). Nothing was changed.\n` });
  });

  it.each([
    ['without --password-stdin', SETUP.filter((a) => a !== '--password-stdin'), TEST_ADMIN.password, 'opsflow: The password is read from standard input, never from the command line (others could read it there): add --password-stdin and pipe it in.'],
    ['with an unknown time zone', SETUP.map((a) => (a === 'America/Chicago' ? 'Mars/Olympus' : a)), TEST_ADMIN.password, 'opsflow: --time-zone: "Mars/Olympus" is not a time zone OpsFlow knows; use an IANA name such as Europe/Berlin or America/Chicago.'],
    ['with a weak password', SETUP, 'password1', 'opsflow: Use at least 10 characters.'],
    ['with an invalid username', SETUP.map((a) => (a === 'alice' ? 'Alice Admin!' : a)), TEST_ADMIN.password, 'opsflow: --admin: Use letters, digits, dot, dash, underscore or @.'],
    ['with an empty organization name', SETUP.map((a) => (a === 'Bistro Group' ? '  ' : a)), TEST_ADMIN.password, 'opsflow: --organization: Too small: expected string to have >=1 characters'],
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
