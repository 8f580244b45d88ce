import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import type { LocationSummary, SessionInfo } from '../../../domain/contract';
import type { TaskView } from '../../../domain/contract/tasks';
import { opsDocName } from '../../../domain/sync/doc-names';
import { TASKS_MAP } from '../../../domain/tasks/records';
import { instantOf } from '../../../domain/tasks/recurrence';
import { wallClock } from '../../../domain/time/format-time';
import type { Engine } from '../engine';
import { TEST_ADMIN, TEST_PASSWORD, addUser, auditActions, call, closeTestEngines, dataSnapshot, freshSetUpEngine, rowCount, testClock } from '../testing/test-engine';
import { createTask } from './task-writes';
import { taskListQueries } from './task-views';

afterEach(closeTestEngines);

const NY = 'America/New_York';
const HOUR = 3_600_000;
/** A wall clock time at Downtown (New York). */
const ny = (y: number, mo: number, d: number, h: number, mi = 0) => instantOf({ year: y, month: mo, day: d, hour: h, minute: mi, second: 0 }, NY);
const nyWall = (ms: number) => {
  const w = wallClock(ms, NY);
  return `${w.year}-${w.month}-${w.day} ${w.hour}:${String(w.minute).padStart(2, '0')}`;
};

let engine: Engine;
let clock: ReturnType<typeof testClock>;
let admin: SessionInfo;
let downtown: string;
let uptown: LocationSummary;
let manager: SessionInfo;
let sam: SessionInfo;
let kim: SessionInfo;
let auditor: SessionInfo;
let uptownStaff: SessionInfo;

/** Moves the clock (hours or days on): everyone signed in unlocks the screen the idle lock closed meanwhile. */
async function jumpTo(ms: number) {
  clock.set(ms);
  for (const s of [admin, manager, sam, kim, auditor, uptownStaff].filter(Boolean)) {
    const password = s === admin ? TEST_ADMIN.password : TEST_PASSWORD;
    await engine.dispatch({ method: 'auth.unlock', input: { password }, token: s.token });
  }
}

beforeEach(async () => {
  ({ engine, clock, admin } = await freshSetUpEngine());
  manager = sam = kim = auditor = uptownStaff = undefined as never;
  await jumpTo(ny(2026, 11, 23, 8));
  downtown = engine.context.identity()!.homeLocationId;
  uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '9 Hill Rd', timeZone: 'America/Chicago', temperatureUnit: 'F' }, admin.token);
  manager = (await addUser(engine, admin.token, { username: 'max', role: 'MANAGER', displayName: 'Max Manager' })).session;
  sam = (await addUser(engine, admin.token, { username: 'sam', role: 'STAFF', displayName: 'Sam Staff' })).session;
  kim = (await addUser(engine, admin.token, { username: 'kim', role: 'STAFF', displayName: 'Kim Staff' })).session;
  auditor = (await addUser(engine, admin.token, { username: 'ada', role: 'AUDITOR', displayName: 'Ada Auditor' })).session;
  uptownStaff = (await addUser(engine, admin.token, { username: 'uma', role: 'STAFF', displayName: 'Uma Uptown', locationIds: [uptown.id] })).session;
});

async function refusal(method: string, input: unknown, token: string) {
  const result = await engine.dispatch({ method, input, token });
  return result.ok ? 'succeeded' : result.error;
}

const titles = (tasks: TaskView[]) => tasks.map((t) => t.title);

describe('planning and doing tasks', () => {
  it('a manager gives a task to Sam: Sam sees it as his, works on it and finishes it; it becomes overdue as the clock passes its due time', async () => {
    const task = await call(
      engine,
      'tasks.create',
      { locationId: downtown, title: 'Clean the fryer', type: 'cleaning', priority: 'high', assignee: { userId: sam.user.id }, dueAtMs: ny(2026, 11, 23, 10) },
      manager.token,
    );
    expect(task).toMatchObject({ status: 'todo', overdue: false, assignee: { kind: 'user', name: 'Sam Staff' }, createdByName: 'Max Manager', canChangeStatus: true, canEdit: true });
    expect(titles(await call(engine, 'tasks.list', { mine: true }, sam.token))).toEqual(['Clean the fryer']);
    expect(titles(await call(engine, 'tasks.list', { mine: true }, kim.token))).toEqual([]);
    // Kim sees the location's tasks, but may not work on Sam's.
    expect(await call(engine, 'tasks.list', {}, kim.token)).toEqual([expect.objectContaining({ title: 'Clean the fryer', canChangeStatus: false, canEdit: false })]);

    await jumpTo(ny(2026, 11, 23, 10, 30));
    expect((await call(engine, 'tasks.list', { mine: true }, sam.token))[0]).toMatchObject({ overdue: true });
    await call(engine, 'tasks.setStatus', { taskId: task.id, status: 'in_progress' }, sam.token);
    const { task: done, next } = await call(engine, 'tasks.setStatus', { taskId: task.id, status: 'done' }, sam.token);
    expect(done).toMatchObject({ status: 'done', overdue: false, completedByName: 'Sam Staff', completedAtMs: ny(2026, 11, 23, 10, 30) });
    expect(next).toBeNull();
    // Open tasks only, unless recently done ones are asked for.
    expect(await call(engine, 'tasks.list', {}, sam.token)).toEqual([]);
    expect(titles(await call(engine, 'tasks.list', { doneSinceMs: ny(2026, 11, 23, 0) }, sam.token))).toEqual(['Clean the fryer']);
    expect(auditActions(engine).filter((a) => a.action.startsWith('tasks.')).map((a) => a.summary)).toEqual([
      'Added cleaning task "Clean the fryer" (high) at Downtown for Sam Staff, due 2026-11-23 10:00, once',
      'Task "Clean the fryer": to do → in progress',
      'Task "Clean the fryer": in progress → done',
    ]);
  });

  it('a task given to a role is every staff member’s: Kim may finish it', async () => {
    const task = await call(engine, 'tasks.create', { locationId: downtown, title: 'Count the walk-in', type: 'inventory', assignee: { role: 'STAFF' } }, manager.token);
    expect(titles(await call(engine, 'tasks.list', { mine: true }, kim.token))).toEqual(['Count the walk-in']);
    expect(titles(await call(engine, 'tasks.list', { mine: true }, manager.token))).toEqual([]);
    expect((await call(engine, 'tasks.setStatus', { taskId: task.id, status: 'done' }, kim.token)).task.completedByName).toBe('Kim Staff');
  });

  it('staff add tasks for themselves and may fix them', async () => {
    const own = await call(engine, 'tasks.create', { locationId: downtown, title: 'Prep onions', type: 'prep', assignee: { userId: sam.user.id } }, sam.token);
    expect(own).toMatchObject({ canEdit: true, canChangeStatus: true, createdByName: 'Sam Staff' });
    expect(await call(engine, 'tasks.update', { taskId: own.id, title: 'Prep red onions', priority: 'urgent' }, sam.token)).toMatchObject({ title: 'Prep red onions', priority: 'urgent' });
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'tasks.update', summary: 'Changed task "Prep onions": title "Prep onions" → "Prep red onions", priority medium → urgent' });
  });

  it('a manager reassigns, edits and deletes; a deleted task leaves every list', async () => {
    const task = await call(engine, 'tasks.create', { locationId: downtown, title: 'Fix the door seal', type: 'maintenance', assignee: { userId: sam.user.id } }, manager.token);
    const moved = await call(engine, 'tasks.update', { taskId: task.id, assignee: { userId: kim.user.id }, dueAtMs: ny(2026, 11, 24, 9) }, manager.token);
    expect(moved).toMatchObject({ assignee: { kind: 'user', userId: kim.user.id }, dueAtMs: ny(2026, 11, 24, 9) });
    await call(engine, 'tasks.delete', { taskId: task.id }, manager.token);
    expect(await call(engine, 'tasks.list', { doneSinceMs: 0 }, manager.token)).toEqual([]);
    expect(rowCount(engine, 'tasks')).toBe(0);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'tasks.delete', risk: 'MEDIUM', summary: 'Deleted task "Fix the door seal" (to do, due 2026-11-24 09:00)' });
  });

  it('the assignee list offers the people of the location who work on tasks (no auditor, nobody from Uptown)', async () => {
    const names = (await call(engine, 'tasks.assignees', { locationId: downtown }, manager.token)).map((a) => a.name);
    expect(names).toEqual(['Alice Admin', 'Kim Staff', 'Max Manager', 'Sam Staff']);
  });
});

describe('what staff, auditors and other locations may not do (refused with a sentence, nothing changes, audited HIGH)', () => {
  let samsTask: TaskView;
  let uptownTask: TaskView;
  beforeEach(async () => {
    samsTask = await call(engine, 'tasks.create', { locationId: downtown, title: 'Sam’s job', type: 'prep', assignee: { userId: sam.user.id } }, manager.token);
    uptownTask = await call(engine, 'tasks.create', { locationId: uptown.id, title: 'Uptown job', type: 'cleaning', assignee: { role: 'STAFF' } }, admin.token);
  });

  async function expectRefused(method: string, input: unknown, token: string, expected: { code: string; message: string }, summary: string) {
    const before = dataSnapshot(engine);
    expect(await refusal(method, input, token)).toEqual(expected);
    expect(dataSnapshot(engine)).toBe(before);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'security.permissionDenied', risk: 'HIGH', summary });
  }

  it('Kim cannot finish, edit or delete Sam’s task', async () => {
    await expectRefused('tasks.setStatus', { taskId: samsTask.id, status: 'done' }, kim.token, { code: 'FORBIDDEN', message: 'This task is given to someone else. Ask a manager to give it to you.' }, 'Refused tasks.setStatus: task "Sam’s job" is given to Sam Staff');
    await expectRefused('tasks.update', { taskId: samsTask.id, title: 'Mine now' }, kim.token, { code: 'FORBIDDEN', message: 'Only a manager can change this task: you can change the tasks you added for yourself.' }, 'Refused tasks.update: task "Sam’s job" is not one the caller added for themselves');
    await expectRefused('tasks.delete', { taskId: samsTask.id }, kim.token, { code: 'FORBIDDEN', message: 'Your role does not allow this. Ask an administrator if you need it.' }, 'Refused tasks.delete: the STAFF role lacks tasks.manage');
  });

  it('Sam cannot give a task to someone else, nor pass his own on', async () => {
    await expectRefused('tasks.create', { locationId: downtown, title: 'For Kim', type: 'prep', assignee: { userId: kim.user.id } }, sam.token, { code: 'FORBIDDEN', message: 'You can add tasks for yourself; ask a manager to give a task to someone else.' }, 'Refused tasks.create: a task for Kim Staff needs tasks.manage');
    await expectRefused('tasks.create', { locationId: downtown, title: 'For all', type: 'prep', assignee: { role: 'STAFF' } }, sam.token, { code: 'FORBIDDEN', message: 'You can add tasks for yourself; ask a manager to give a task to someone else.' }, 'Refused tasks.create: a task for every Staff needs tasks.manage');
    const own = await call(engine, 'tasks.create', { locationId: downtown, title: 'Mine', type: 'prep', assignee: { userId: sam.user.id } }, sam.token);
    await expectRefused('tasks.update', { taskId: own.id, assignee: { userId: kim.user.id } }, sam.token, { code: 'FORBIDDEN', message: 'Only a manager can give a task to someone else.' }, 'Refused tasks.update: giving task "Mine" to someone else needs tasks.manage');
  });

  it('Sam cannot edit a task a manager gave him (he can only move it on)', async () => {
    await expectRefused('tasks.update', { taskId: samsTask.id, dueAtMs: null }, sam.token, { code: 'FORBIDDEN', message: 'Only a manager can change this task: you can change the tasks you added for yourself.' }, 'Refused tasks.update: task "Sam’s job" is not one the caller added for themselves');
    expect((await call(engine, 'tasks.setStatus', { taskId: samsTask.id, status: 'done' }, sam.token)).task.status).toBe('done');
  });

  it('Downtown staff never see Uptown’s tasks: not in their lists, and asking by id or location is "not found"', async () => {
    expect(titles(await call(engine, 'tasks.list', {}, sam.token))).toEqual(['Sam’s job']);
    expect(titles(await call(engine, 'tasks.list', {}, uptownStaff.token))).toEqual(['Uptown job']);
    const notFound = { code: 'NOT_FOUND', message: 'That task does not exist or is not at your locations.' };
    await expectRefused('tasks.setStatus', { taskId: uptownTask.id, status: 'done' }, sam.token, notFound, 'Refused tasks.setStatus: task "Uptown job" is at a location the caller is not granted');
    await expectRefused('tasks.update', { taskId: uptownTask.id, title: 'x' }, manager.token, notFound, 'Refused tasks.update: task "Uptown job" is at a location the caller is not granted');
    await expectRefused('tasks.delete', { taskId: uptownTask.id }, manager.token, notFound, 'Refused tasks.delete: task "Uptown job" is at a location the caller is not granted');
    const noLocation = { code: 'NOT_FOUND', message: 'That location does not exist or is not one of yours.' };
    await expectRefused('tasks.list', { locationId: uptown.id }, sam.token, noLocation, 'Refused tasks.list: tasks of a location the caller is not granted');
    await expectRefused('tasks.create', { locationId: uptown.id, title: 'Sneaky', type: 'prep', assignee: { userId: sam.user.id } }, sam.token, noLocation, 'Refused tasks.create: tasks of a location the caller is not granted');
    await expectRefused('tasks.assignees', { locationId: uptown.id }, manager.token, noLocation, 'Refused tasks.assignees: tasks of a location the caller is not granted');
  });

  it('an auditor reads every location’s tasks and changes none', async () => {
    expect(titles(await call(engine, 'tasks.list', {}, auditor.token)).sort()).toEqual(['Sam’s job', 'Uptown job']);
    expect((await call(engine, 'tasks.list', {}, auditor.token)).every((t) => !t.canChangeStatus && !t.canEdit)).toBe(true);
    await expectRefused('tasks.setStatus', { taskId: samsTask.id, status: 'done' }, auditor.token, { code: 'FORBIDDEN', message: 'Your role does not allow this. Ask an administrator if you need it.' }, 'Refused tasks.setStatus: the AUDITOR role lacks tasks.complete');
    await expectRefused('tasks.create', { locationId: downtown, title: 'x', type: 'prep', assignee: { userId: auditor.user.id } }, auditor.token, { code: 'FORBIDDEN', message: 'Your role does not allow this. Ask an administrator if you need it.' }, 'Refused tasks.create: the AUDITOR role lacks tasks.complete');
  });
});

describe('bad input changes nothing', () => {
  it.each([
    [{ title: '   ', type: 'prep' }, 'The task cannot be empty.'],
    [{ title: 'x', type: 'dusting' }, 'Choose the kind of task: prep, cleaning, inventory or maintenance.'],
    [{ title: 'x', type: 'prep', recurrence: { every: 'daily' } }, 'A recurring task needs its first due time.'],
    [{ title: 'x', type: 'prep', dueAtMs: 1, recurrence: { every: 'weekly', weekdays: [] } }, 'Choose at least one day of the week for a weekly task.'],
    [{ title: 'x', type: 'prep', assignee: { role: 'AUDITOR' } }, 'A task cannot be given to Auditor (read-only): that role does not work on tasks.'],
    [{ title: 'x', type: 'prep', assignee: { userId: 'nobody' } }, 'A task can only be given to an active user who works at its location.'],
  ])('%j is refused: %s', async (input, message) => {
    const before = dataSnapshot(engine);
    const result = await refusal('tasks.create', { locationId: downtown, ...input }, manager.token);
    expect(result).toMatchObject({ code: 'BAD_INPUT', message: expect.stringContaining(message) });
    expect(dataSnapshot(engine)).toBe(before);
  });

  it('Uptown staff cannot be given a Downtown task', async () => {
    expect(await refusal('tasks.create', { locationId: downtown, title: 'x', type: 'prep', assignee: { userId: uptownStaff.user.id } }, manager.token)).toMatchObject({ code: 'BAD_INPUT' });
  });
});

describe('recurring tasks', () => {
  it('done, a daily 22:00 task comes back at 22:00 the next day at the location, once, even if reopened and done again', async () => {
    const task = await call(
      engine,
      'tasks.create',
      { locationId: downtown, title: 'Close-down clean', type: 'cleaning', assignee: { role: 'STAFF' }, dueAtMs: ny(2026, 11, 23, 22), recurrence: { every: 'daily' } },
      manager.token,
    );
    await jumpTo(ny(2026, 11, 23, 21, 45));
    const { next } = await call(engine, 'tasks.setStatus', { taskId: task.id, status: 'done' }, sam.token);
    expect(next).toMatchObject({ title: 'Close-down clean', status: 'todo', recurrence: { every: 'daily' }, followsTaskId: task.id, assignee: { kind: 'role', role: 'STAFF' } });
    expect(nyWall(next!.dueAtMs!)).toBe('2026-11-24 22:00');
    await call(engine, 'tasks.setStatus', { taskId: task.id, status: 'todo' }, sam.token);
    await call(engine, 'tasks.setStatus', { taskId: task.id, status: 'done' }, sam.token);
    expect(titles(await call(engine, 'tasks.list', {}, sam.token))).toEqual(['Close-down clean']);
    expect(rowCount(engine, 'tasks')).toBe(2);
  });

  it('a weekly task done late skips to its next day after now, in the location’s own zone (Chicago)', async () => {
    const chicago = (d: number, h: number) => instantOf({ year: 2026, month: 11, day: d, hour: h, minute: 0, second: 0 }, 'America/Chicago');
    // Monday Nov 23 and Thursday Nov 26, 07:00 in Chicago.
    const task = await call(
      engine,
      'tasks.create',
      { locationId: uptown.id, title: 'Descale', type: 'maintenance', assignee: { role: 'STAFF' }, dueAtMs: chicago(23, 7), recurrence: { every: 'weekly', weekdays: [1, 4] } },
      admin.token,
    );
    await jumpTo(chicago(27, 12));
    const { next } = await call(engine, 'tasks.setStatus', { taskId: task.id, status: 'done' }, uptownStaff.token);
    expect(next!.dueAtMs).toBe(chicago(30, 7));
    expect(next!.dueAtMs! - chicago(30, 7 - 1)).toBe(HOUR);
  });
});

describe('other features put tasks on the list with createTask', () => {
  it('a task created by the engine (a low stock alert, say) shows who it comes from and is audited by its caller, not by createTask', async () => {
    const before = auditActions(engine).length;
    const id = createTask(engine.context, { locationId: downtown, title: 'Reorder milk', type: 'inventory', priority: 'urgent', assignee: { role: 'MANAGER' }, createdBy: { id: null, name: 'Low stock alert' } });
    expect(await call(engine, 'tasks.list', { mine: true }, manager.token)).toEqual([expect.objectContaining({ id, title: 'Reorder milk', createdByName: 'Low stock alert', priority: 'urgent' })]);
    expect(auditActions(engine).length).toBe(before);
  });

  it('refuses a malformed task with a sentence and writes nothing', () => {
    const before = dataSnapshot(engine);
    expect(() => createTask(engine.context, { locationId: downtown, title: '', type: 'prep', createdBy: { id: null, name: 'x' } })).toThrow(/title/);
    expect(() => createTask(engine.context, { locationId: 'elsewhere', title: 'x', type: 'prep', createdBy: { id: null, name: 'x' } })).toThrow('That location does not exist.');
    expect(dataSnapshot(engine)).toBe(before);
  });
});

describe('a list over thousands of tasks reads only what it shows', () => {
  it('each list query is an index search, never a scan of the table (done tasks pile up: 365 a year per daily task)', async () => {
    const ctx = engine.context;
    const plans = (q: { compile(): { sql: string; parameters: readonly unknown[] } }) => {
      const { sql, parameters } = q.compile();
      return (ctx.sqlite.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...(parameters as unknown[])) as { detail: string }[]).map((r) => r.detail);
    };
    const cases = [
      taskListQueries(ctx, { locationIds: [downtown] }),
      taskListQueries(ctx, { locationIds: [downtown, uptown.id], doneSinceMs: 0 }),
      taskListQueries(ctx, { locationIds: [downtown], mine: { userId: sam.user.id, role: 'STAFF' }, doneSinceMs: 0 }),
    ];
    for (const { open, done } of cases) {
      for (const q of [open, done].filter((x) => x !== null)) {
        const plan = plans(q);
        expect(plan.some((d) => /USING (COVERING )?INDEX tasks_/.test(d)), plan.join('; ')).toBe(true);
        expect(plan.filter((d) => /^SCAN tasks\b/.test(d)), plan.join('; ')).toEqual([]);
      }
    }
  });
});

describe('tasks sync as the location’s mutable state: last writer wins per field', () => {
  it('two PCs changing different fields of the same task offline both keep their change once they meet', async () => {
    const task = await call(engine, 'tasks.create', { locationId: downtown, title: 'Clean the fryer', type: 'cleaning', assignee: { role: 'STAFF' } }, manager.token);
    const name = opsDocName(engine.context.identity()!.tenantId, downtown);

    // The other PC has the same document, then changes the title while this one changes the priority.
    const otherPc = new Y.Doc();
    Y.applyUpdate(otherPc, Y.encodeStateAsUpdate(engine.context.docs.get(name)));
    const before = Y.encodeStateVector(otherPc);
    (otherPc.getMap(TASKS_MAP).get(task.id) as Y.Map<unknown>).set('title', 'Clean and refill the fryer');
    await call(engine, 'tasks.update', { taskId: task.id, priority: 'urgent' }, manager.token);

    engine.context.docs.applyRemote(name, Y.encodeStateAsUpdate(otherPc, before));
    expect((await call(engine, 'tasks.list', {}, manager.token))[0]).toMatchObject({ title: 'Clean and refill the fryer', priority: 'urgent' });
    otherPc.destroy();
  });

  it('a malformed task arriving from elsewhere is left out of the table; the others are listed', async () => {
    await call(engine, 'tasks.create', { locationId: downtown, title: 'Good task', type: 'prep', assignee: { userId: sam.user.id } }, manager.token);
    const name = opsDocName(engine.context.identity()!.tenantId, downtown);
    const otherPc = new Y.Doc();
    Y.applyUpdate(otherPc, Y.encodeStateAsUpdate(engine.context.docs.get(name)));
    const before = Y.encodeStateVector(otherPc);
    otherPc.getMap(TASKS_MAP).set('bad-task', new Y.Map(Object.entries({ title: 'No status or type' })));
    engine.context.docs.applyRemote(name, Y.encodeStateAsUpdate(otherPc, before));
    expect(titles(await call(engine, 'tasks.list', {}, manager.token))).toEqual(['Good task']);
    otherPc.destroy();
  });
});
