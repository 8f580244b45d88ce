import { describe, expect, it } from 'vitest';
import type { TaskRecord } from './records';
import { taskRows } from './rows';

const RECORD: TaskRecord = {
  title: 'Descale the dishwasher',
  notes: '',
  type: 'cleaning',
  priority: 'high',
  assigneeUserId: null,
  assigneeRole: 'STAFF',
  dueAtMs: 1_800_000_000_000,
  status: 'todo',
  recurrence: { every: 'weekly', weekdays: [1] },
  followsTaskId: null,
  createdAtMs: 1_799_000_000_000,
  createdById: 'u1',
  createdByName: 'Alice',
  completedAtMs: null,
  completedByName: null,
  deleted: false,
  origin: null,
};

describe('a task record of an ops document as rows', () => {
  it('is one row at the document’s location, its rule kept as JSON', () => {
    const rows = taskRows('t1/loc1/ops', 'task-1', RECORD);
    expect(rows).toMatchObject({ task: { id: 'task-1', location_id: 'loc1', assignee_role: 'STAFF', recurrence: '{"every":"weekly","weekdays":[1]}' } });
  });

  it('a deleted task, or a removed key, is no row', () => {
    expect(taskRows('t1/loc1/ops', 'task-1', { ...RECORD, deleted: true })).toEqual({ deleted: 'task-1' });
    expect(taskRows('t1/loc1/ops', 'task-1', undefined)).toEqual({ deleted: 'task-1' });
  });

  it('a malformed record from elsewhere is skipped whole, with the reason', () => {
    expect(taskRows('t1/loc1/ops', 'task-1', { ...RECORD, priority: 'whenever' })).toMatchObject({ skipped: expect.stringContaining('priority') });
    expect(taskRows('t1/directory', 'task-1', RECORD)).toMatchObject({ skipped: expect.stringContaining('not a location') });
  });

  it('what a task follows up is three columns; a record written before origins existed has none', () => {
    const origin = { kind: 'lowStock' as const, ref: 'item-9', label: 'Low stock: Whole milk, 4 L on hand (reorder at 6 L)' };
    expect(taskRows('t1/loc1/ops', 'task-1', { ...RECORD, origin })).toMatchObject({ task: { origin_kind: 'lowStock', origin_ref: 'item-9', origin_label: origin.label } });
    const { origin: _none, ...older } = RECORD;
    expect(taskRows('t1/loc1/ops', 'task-1', older)).toMatchObject({ task: { origin_kind: null, origin_ref: null, origin_label: null } });
    expect(taskRows('t1/loc1/ops', 'task-1', { ...RECORD, origin: { kind: 'gossip', ref: 'x', label: '' } })).toMatchObject({ skipped: expect.stringContaining('origin') });
  });
});
