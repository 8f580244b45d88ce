import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { instantOf } from '../../../domain/tasks/recurrence';
import type { TaskView } from '../../../domain/contract/tasks';
import { addUser, auditActions, call, openTestEngine, rowCount, setUpOrganization, tempDataDir } from '../testing/test-engine';
import { runCliInProcess } from '../testing/cli-in-process';

const opsflow = (args: string[]) => runCliInProcess(args);

let root: string;
let cleanup: () => void;
let dataDir: string;
beforeEach(async () => {
  ({ dir: root, cleanup } = tempDataDir());
  dataDir = join(root, 'data');
  const engine = await openTestEngine({ dataDir });
  try {
    const admin = await setUpOrganization(engine);
    const uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '9 Hill Rd', timeZone: 'America/Chicago', temperatureUnit: 'F' }, admin.token);
    await addUser(engine, admin.token, { username: 'sam', role: 'STAFF', displayName: 'Sam Staff' });
    await addUser(engine, admin.token, { username: 'uma', role: 'STAFF', displayName: 'Uma Uptown', locationIds: [uptown.id] });
  } finally {
    engine.close();
  }
});
afterEach(() => cleanup());

const listJson = async (...args: string[]) => {
  const r = await opsflow(['tasks', 'list', '--data-dir', dataDir, '--json', ...args]);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as TaskView[];
};

describe('opsflow tasks', () => {
  it('adds a recurring task due on the location’s own clock, and lists it as JSON and as a table', async () => {
    const r = await opsflow(['tasks', 'add', '--data-dir', dataDir, '--location', 'downtown', '--title', 'Clean the hood filters', '--type', 'cleaning', '--priority', 'high', '--assign-user', 'sam', '--due', '2030-01-07 22:00', '--repeat', 'weekly:mon,thu']);
    expect(r).toMatchObject({ code: 0, stderr: '', stdout: expect.stringMatching(/^Added task "Clean the hood filters" \(.+\)\.\n$/) });
    const [task, ...rest] = await listJson();
    expect(rest).toEqual([]);
    expect(task).toMatchObject({
      title: 'Clean the hood filters',
      type: 'cleaning',
      priority: 'high',
      status: 'todo',
      assignee: { kind: 'user', name: 'Sam Staff' },
      dueAtMs: instantOf({ year: 2030, month: 1, day: 7, hour: 22, minute: 0, second: 0 }, 'America/New_York'),
      recurrence: { every: 'weekly', weekdays: [1, 4] },
      createdByName: 'command line',
      overdue: false,
    });
    const table = await opsflow(['tasks', 'list', '--data-dir', dataDir]);
    expect(table.stdout.split('\n')[0]).toMatch(/^STATUS\s+PRIORITY\s+TASK\s+FOR\s+LOCATION\s+DUE$/);
    expect(table.stdout.split('\n')[1]).toMatch(/^to do\s+high\s+Clean the hood filters\s+Sam Staff\s+Downtown\s+due in \d+ days$/);

    const engine = await openTestEngine({ dataDir });
    try {
      expect(auditActions(engine).at(-1)).toMatchObject({ action: 'tasks.create', summary: 'Added cleaning task "Clean the hood filters" (high) at Downtown for Sam Staff, due 2030-01-07 22:00, every Monday and Thursday' });
    } finally {
      engine.close();
    }
  });

  it('--user and --mine list what that person sees: their tasks, their locations only', async () => {
    await opsflow(['tasks', 'add', '--data-dir', dataDir, '--location', 'Downtown', '--title', 'Sam’s', '--type', 'prep', '--assign-user', 'sam']);
    await opsflow(['tasks', 'add', '--data-dir', dataDir, '--location', 'Downtown', '--title', 'Managers’', '--type', 'prep', '--assign-role', 'MANAGER']);
    await opsflow(['tasks', 'add', '--data-dir', dataDir, '--location', 'Uptown', '--title', 'Uptown staff', '--type', 'cleaning', '--assign-role', 'STAFF']);
    expect((await listJson('--user', 'sam', '--mine')).map((t) => t.title)).toEqual(['Sam’s']);
    expect((await listJson('--user', 'sam')).map((t) => t.title).sort()).toEqual(['Managers’', 'Sam’s']);
    expect((await listJson('--user', 'uma', '--mine')).map((t) => t.title)).toEqual(['Uptown staff']);
    expect((await listJson('--location', 'Uptown')).map((t) => t.title)).toEqual(['Uptown staff']);
    expect(await opsflow(['tasks', 'list', '--data-dir', dataDir, '--user', 'uma', '--location', 'Downtown'])).toMatchObject({ code: 1, stderr: 'opsflow: --location: uma does not work at Downtown.\n' });
  });

  it.each([
    [['--repeat', 'weekly:funday', '--due', '2030-01-07 22:00'], 'opsflow: --repeat: "weekly:funday" is not a repeat rule; use daily, weekly:mon,thu or monthly:31.\n'],
    [['--repeat', 'monthly:32', '--due', '2030-01-07 22:00'], 'opsflow: --repeat: The day of the month is 1 to 31.\n'],
    [['--repeat', 'daily'], 'opsflow: --due: A recurring task needs its first due time.\n'],
    [['--due', '2030-02-30 10:00'], 'opsflow: --due: "2030-02-30 10:00" is not a date and time; write it as 2026-11-26 22:00 (the location\'s own clock).\n'],
    [['--assign-user', 'uma'], 'opsflow: A task can only be given to an active user who works at its location.\n'],
    [['--assign-role', 'AUDITOR'], 'opsflow: A task cannot be given to Auditor (read-only): that role does not work on tasks.\n'],
    [['--title', '  '], 'opsflow: --title: The task cannot be empty.\n'],
  ])('add %j fails with one sentence, exit 1, and adds nothing', async (extra, stderr) => {
    const r = await opsflow(['tasks', 'add', '--data-dir', dataDir, '--location', 'Downtown', '--title', 'x', '--type', 'prep', ...extra]);
    expect(r).toEqual({ code: 1, stdout: '', stderr });
    const engine = await openTestEngine({ dataDir });
    try {
      expect(rowCount(engine, 'tasks')).toBe(0);
    } finally {
      engine.close();
    }
  });

  it('--mine without --user says whose tasks it needs', async () => {
    expect(await opsflow(['tasks', 'list', '--data-dir', dataDir, '--mine'])).toEqual({ code: 1, stdout: '', stderr: 'opsflow: --mine: say whose tasks with --user <username>.\n' });
  });
});
