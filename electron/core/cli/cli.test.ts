import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_ADMIN, addUser, call, openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { runCliInProcess } from '../testing/cli-in-process';

const REPO = resolve(import.meta.dirname, '../../..');
const execFileAsync = promisify(execFile);

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** `opsflow …` as an IT person runs it: a separate Node process on the real entry point. */
async function opsflow(...args: string[]): Promise<Run> {
  try {
    const { stdout, stderr } = await execFileAsync(process.execPath, ['bin/opsflow.js', ...args], {
      cwd: REPO,
      env: { ...process.env, OPSFLOW_DATA_DIR: '', OPSFLOW_LOG_LEVEL: 'warn' },
    });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

/** runCli in this process, with what it writes captured. */
function inProcess(...args: string[]): Promise<Run> {
  return runCliInProcess(args);
}

let dir: string;
let cleanup: () => void;
beforeAll(async () => {
  const temp = tempDataDir();
  dir = join(temp.dir, 'data');
  cleanup = temp.cleanup;
  const engine = await openTestEngine({ dataDir: dir });
  const admin = await setUpOrganization(engine);
  await addUser(engine, admin.token, { username: 'sam', role: 'STAFF', displayName: 'Sam Staff' });
  engine.close();
});
afterAll(() => cleanup());

describe('the opsflow command', () => {
  it('--help works at the top level and exits 0', async () => {
    const r = await opsflow('--help');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^Usage: opsflow/);
    expect(r.stdout).toMatch(/setup[\s\S]*backup[\s\S]*restore[\s\S]*verify[\s\S]*audit[\s\S]*users/);
  });

  // The same parser the process runs, called in this process: a child process per subcommand
  // would cost a second each for the same answer.
  it.each([['web'], ['start'], ['setup'], ['backup'], ['restore'], ['verify'], ['audit'], ['audit', 'verify'], ['users'], ['users', 'list'], ['users', 'add']])(
    'opsflow %s … --help prints its usage and exits 0',
    async (...command) => {
      const r = await inProcess(...command, '--help');
      expect(r).toMatchObject({ code: 0, stderr: '' });
      expect(r.stdout).toMatch(new RegExp(`^Usage: opsflow ${command.join(' ')}`));
      if (command.join(' ') !== 'audit' && command.join(' ') !== 'users') expect(r.stdout).toContain('--data-dir');
    },
  );

  it('an unknown subcommand or a missing data folder: one line on stderr and a non-zero exit', async () => {
    const [unknownCommand, missingFolder] = await Promise.all([
      opsflow('frobnicate'),
      opsflow('users', 'list', '--data-dir', join(dir, 'no-such-folder')),
    ]);
    expect(unknownCommand.code).not.toBe(0);
    expect(unknownCommand.stderr).toBe("opsflow: unknown command 'frobnicate' (add --help for usage)\n");
    expect(missingFolder.code).not.toBe(0);
    expect(missingFolder.stderr).toBe(`opsflow: There is no OpsFlow data in ${join(dir, 'no-such-folder')}. Check --data-dir, or start the app to set it up.\n`);
    expect(missingFolder.stdout).toBe('');
  });

  it.each([
    [['users', 'list', '--frobnicate'], "opsflow: unknown option '--frobnicate' (add --help for usage)"],
    [['users', 'lis'], "opsflow: unknown command 'lis' (Did you mean list?) (add --help for usage)"],
    [['restore'], "opsflow: missing required argument 'file' (add --help for usage)"],
  ])('opsflow %j is a usage error: one line on stderr and a non-zero exit', async (args, line) => {
    const r = await inProcess(...args);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toBe(`${line}\n`);
  });

  it('users list prints every user with role and status', async () => {
    const r = await opsflow('users', 'list', '--data-dir', dir);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^USERNAME\s+NAME\s+ROLE\s+STATUS/);
    expect(lines.find((l) => l.startsWith('alice'))).toMatch(/Alice Admin\s+Organization admin\s+active/);
    expect(lines.find((l) => l.startsWith('sam'))).toMatch(/Sam Staff\s+Staff\s+active/);
  });

  it('backup writes and verifies a backup; restore --yes puts it back; both are audited', async () => {
    const backup = await opsflow('backup', '--data-dir', dir);
    expect(backup.code).toBe(0);
    expect(backup.stdout).toMatch(/^Backup written and verified: .*opsflow-\d{8}-\d{6}\.db \(2 users, \d+ audit entries\)/);
    const file = readdirSync(join(dir, 'backups')).find((f) => f.endsWith('.db'))!;
    const backupPath = join(dir, 'backups', file);

    // Without --yes it only shows what the backup holds (so it may run beside the change below).
    const withoutYesRun = opsflow('restore', backupPath, '--data-dir', dir);

    // A change after the backup, which the restore must undo.
    let engine = await openTestEngine({ dataDir: dir });
    const admin = await call(engine, 'auth.signIn', { username: 'alice', password: TEST_ADMIN.password });
    await addUser(engine, admin.token, { username: 'late', role: 'STAFF' });
    engine.close();

    const withoutYes = await withoutYesRun;
    expect(withoutYes.code).toBe(1);
    expect(withoutYes.stdout).toMatch(/^Backup of "Bistro Group" from .*: 2 users, 1 locations/);
    expect(withoutYes.stderr).toContain('--yes');

    const restore = await opsflow('restore', backupPath, '--yes', '--data-dir', dir);
    expect(restore.code).toBe(0);
    expect(restore.stdout).toContain('Backup of "Bistro Group"');
    const keptAt = /kept at (.+)$/m.exec(restore.stdout)?.[1];
    expect(keptAt && existsSync(keptAt)).toBe(true);

    engine = await openTestEngine({ dataDir: dir });
    try {
      const names = engine.context.directory.users(true).map((u) => u.username).sort();
      expect(names).toEqual(['alice', 'sam']);
      const actions = engine.context.sqlite.prepare('SELECT action, actor_name FROM audit_entries ORDER BY at_ms, id').all() as { action: string; actor_name: string }[];
      expect(actions.at(-1)).toEqual({ action: 'backup.restore', actor_name: 'command line' });
    } finally {
      engine.close();
    }
    // The backup was audited in the data that was replaced, which is kept.
    const kept = new BetterSqlite3(keptAt!, { readonly: true });
    expect(kept.prepare("SELECT actor_name FROM audit_entries WHERE action = 'backup.create'").pluck().all()).toEqual(['command line']);
    kept.close();
    // The restore started a new chain on this PC (see restoreBackup), beside the one it came from.
    const verify = await opsflow('audit', 'verify', '--data-dir', dir);
    expect(verify).toMatchObject({ code: 0, stdout: expect.stringMatching(/^OK: \d+ entries on 2 device\(s\)/) });
  });

  it('restore refuses a file that is not a backup, with one line and a non-zero exit', async () => {
    const r = await opsflow('restore', join(REPO, 'package.json'), '--yes', '--data-dir', dir);
    expect(r.code).toBe(1);
    expect(r.stderr.trimEnd().split('\n')).toEqual([expect.stringMatching(/^opsflow: That file is not an OpsFlow backup/)]);
  });
});
