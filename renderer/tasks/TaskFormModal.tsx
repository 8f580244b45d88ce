import { Button, Checkbox, Group, Modal, NativeSelect, NumberInput, SimpleGrid, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useEffect, useState, type FormEvent } from 'react';
import { ROLE_LABELS, type Role } from '../../domain/auth/roles';
import type { LocationSummary } from '../../domain/contract/index';
import { taskTitle, taskNotes, type TaskAssigneeInput, type TaskOriginInput, type TaskView } from '../../domain/contract/tasks';
import { TASK_PRIORITIES, TASK_PRIORITY_LABELS, TASK_TYPES, TASK_TYPE_LABELS, type TaskPriority, type TaskType } from '../../domain/tasks/records';
import { WEEKDAY_NAMES } from '../../domain/tasks/recurrence';
import { useSession } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { zoneFor } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { refusal } from '../shell/schema-check';
import { useFormErrors } from '../shell/use-form-errors';
import { DateField } from '../time/DateField';
import { dueAtMsOf, dueFieldsOf, recurrenceOf, type RepeatChoice } from './task-form';
import { useTaskAssignees } from './use-tasks';

type Field = 'title' | 'notes' | 'due' | 'weekdays' | 'dayOfMonth';

/** Roles a task can go to: those that work on tasks. */
const TASK_ROLES: Role[] = ['STAFF', 'MANAGER', 'LOCATION_MANAGER'];

/** A new task another screen proposes: what it follows up, and the fields it starts with. */
export interface TaskDraft {
  locationId: string;
  title: string;
  notes: string;
  type: TaskType;
  priority: TaskPriority;
  /** For those who assign tasks; everyone else's task is their own. */
  assignee: TaskAssigneeInput;
  origin: TaskOriginInput;
  /** What it follows up, in words ("Low stock: Milk"); the engine writes the record's own. */
  originWords: string;
}

interface TaskFormModalProps {
  opened: boolean;
  /** The task to edit; null adds one. */
  task: TaskView | null;
  /** Whether the person plans and assigns tasks (managers and up); others add tasks for themselves. */
  manages: boolean;
  locations: LocationSummary[];
  /** The location a new task is for, to begin with. */
  defaultLocationId: string | null;
  onClose(): void;
  onSaved(task: TaskView): void;
  /** Starts a new task from another screen's record (its location is then fixed). */
  draft?: TaskDraft | null;
}

function assigneeValue(a: TaskView['assignee']): string {
  if (!a) return '';
  return a.kind === 'user' ? `user:${a.userId}` : `role:${a.role}`;
}

/** The select's value for an assignee as the contract takes it (assigneeInput's inverse). */
function inputValue(a: TaskAssigneeInput): string {
  if (!a) return '';
  return 'userId' in a ? `user:${a.userId}` : `role:${a.role}`;
}

function assigneeInput(value: string): TaskAssigneeInput {
  if (value.startsWith('user:')) return { userId: value.slice(5) };
  if (value.startsWith('role:')) return { role: value.slice(5) as Role };
  return null;
}

export function TaskFormModal({ opened, task, manages, locations, defaultLocationId, onClose, onSaved, draft = null }: TaskFormModalProps) {
  const { user } = useSession();
  const mine = locations.filter((l) => user.locationIds.includes(l.id));
  const [locationId, setLocationId] = useState<string>('');
  const [title, setTitle] = useState('');
  const [notes, setNotes] = useState('');
  const [type, setType] = useState<TaskType>('prep');
  const [priority, setPriority] = useState<TaskPriority>('medium');
  const [assignee, setAssignee] = useState('');
  const [dueDay, setDueDay] = useState('');
  const [dueTime, setDueTime] = useState('');
  const [repeat, setRepeat] = useState<RepeatChoice>('none');
  const [weekdays, setWeekdays] = useState<string[]>([]);
  const [dayOfMonth, setDayOfMonth] = useState<number | string>(1);
  const { errors, validate, clear, reset, bind } = useFormErrors<Field>();
  const assignees = useTaskAssignees(locationId || null, opened && manages);
  const zone = zoneFor(locations, locationId) ?? 'UTC';

  useEffect(() => {
    if (!opened) return;
    const where = task?.locationId ?? draft?.locationId ?? defaultLocationId ?? mine[0]?.id ?? '';
    const tz = zoneFor(locations, where) ?? 'UTC';
    const due = dueFieldsOf(task?.dueAtMs ?? null, tz);
    setLocationId(where);
    setTitle(task?.title ?? draft?.title ?? '');
    setNotes(task?.notes ?? draft?.notes ?? '');
    setType(task?.type ?? draft?.type ?? 'prep');
    setPriority(task?.priority ?? draft?.priority ?? 'medium');
    setAssignee(task ? assigneeValue(task.assignee) : draft ? inputValue(draft.assignee) : `user:${user.id}`);
    setDueDay(due.day);
    setDueTime(due.time);
    const r = task?.recurrence ?? null;
    setRepeat(r ? r.every : 'none');
    setWeekdays(r?.every === 'weekly' ? r.weekdays.map(String) : []);
    setDayOfMonth(r?.every === 'monthly' ? r.dayOfMonth : Number(due.day.slice(8, 10)) || 1);
    reset();
    // Reset only when the modal opens or another task is chosen.
  }, [opened, task]);

  // The locations may arrive after the form opened: a new task then goes to the first of them.
  const fallbackLocationId = defaultLocationId ?? mine[0]?.id ?? '';
  useEffect(() => {
    if (opened && !task && !locationId && fallbackLocationId) setLocationId(fallbackLocationId);
  }, [opened, task, locationId, fallbackLocationId]);

  const save = useApiAction(async (input: { dueAtMs: number | null }) => {
    const recurrence = recurrenceOf(repeat, weekdays.map(Number), Number(dayOfMonth));
    const fields = { title, notes, type, priority, dueAtMs: input.dueAtMs, recurrence, ...(manages ? { assignee: assigneeInput(assignee) } : {}) };
    const saved = task
      ? await api.invoke('tasks.update', { taskId: task.id, ...fields })
      : await api.invoke('tasks.create', { locationId, ...fields, assignee: manages ? assigneeInput(assignee) : { userId: user.id }, origin: draft?.origin ?? null });
    onSaved(saved);
  });

  function submit(event: FormEvent) {
    event.preventDefault();
    const due = dueAtMsOf({ day: dueDay, time: dueTime }, zone);
    const dueError = due !== null && typeof due === 'object' ? due.error : repeat !== 'none' && due === null ? 'A recurring task needs its first due time.' : null;
    const ok = validate({
      title: refusal(taskTitle, title),
      notes: refusal(taskNotes, notes),
      due: dueError,
      weekdays: repeat === 'weekly' && weekdays.length === 0 ? 'Choose at least one day of the week for a weekly task.' : null,
      dayOfMonth: repeat === 'monthly' && !(Number.isInteger(Number(dayOfMonth)) && Number(dayOfMonth) >= 1 && Number(dayOfMonth) <= 31) ? 'The day of the month is 1 to 31.' : null,
    });
    if (ok) void save.run({ dueAtMs: typeof due === 'number' ? due : null });
  }

  const people = (assignees.data ?? []).map((a) => ({ value: `user:${a.userId}`, label: `${a.name} (${ROLE_LABELS[a.role]})` }));
  const assigneeOptions = [
    { value: '', label: 'Nobody yet' },
    ...TASK_ROLES.map((r) => ({ value: `role:${r}`, label: `Every ${ROLE_LABELS[r]}` })),
    ...people,
    ...(assignee.startsWith('user:') && !people.some((p) => p.value === assignee) && task?.assignee?.kind === 'user' ? [{ value: assignee, label: task.assignee.name }] : []),
  ];

  return (
    <Modal opened={opened} onClose={onClose} title={task ? `Edit “${task.title}”` : 'New task'} size="lg" centered>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          {draft && !task && <Text size="sm">Follows up: {draft.originWords}</Text>}
          <TextInput label="Task" required value={title} {...bind('title', setTitle)} autoComplete="off" data-autofocus />
          <Textarea label="Notes" value={notes} {...bind('notes', setNotes)} autosize minRows={2} />
          <SimpleGrid cols={2} spacing="sm">
            <NativeSelect
              label="Location"
              value={locationId}
              disabled={!!task || !!draft}
              description={task ? 'A task stays at its location.' : draft ? 'Where what it follows up is.' : undefined}
              onChange={(e) => setLocationId(e.currentTarget.value)}
              data={(task || draft ? locations.filter((l) => l.id === (task?.locationId ?? draft?.locationId)) : mine).map((l) => ({ value: l.id, label: l.name }))}
            />
            {manages ? (
              <NativeSelect label="For" value={assignee} onChange={(e) => setAssignee(e.currentTarget.value)} data={assigneeOptions} />
            ) : (
              <TextInput label="For" value={task?.assignee?.kind === 'user' ? task.assignee.name : user.displayName} readOnly description="You add tasks for yourself; a manager gives tasks to others." />
            )}
            <NativeSelect label="Kind" value={type} onChange={(e) => setType(e.currentTarget.value as TaskType)} data={TASK_TYPES.map((t) => ({ value: t, label: TASK_TYPE_LABELS[t] }))} />
            <NativeSelect label="Priority" value={priority} onChange={(e) => setPriority(e.currentTarget.value as TaskPriority)} data={TASK_PRIORITIES.map((p) => ({ value: p, label: TASK_PRIORITY_LABELS[p] }))} />
            <DateField label="Due day" value={dueDay} onChange={(d) => { clear('due'); setDueDay(d); }} error={errors.due} />
            <TextInput label="Due time" placeholder="hh:mm" value={dueTime} onChange={(e) => { clear('due'); setDueTime(e.currentTarget.value); }} description={`On the location’s clock (${zone}).`} autoComplete="off" />
          </SimpleGrid>
          <NativeSelect
            label="Repeats"
            value={repeat}
            onChange={(e) => setRepeat(e.currentTarget.value as RepeatChoice)}
            data={[
              { value: 'none', label: 'Does not repeat' },
              { value: 'daily', label: 'Every day' },
              { value: 'weekly', label: 'Every week, on chosen days' },
              { value: 'monthly', label: 'Every month, on a day of the month' },
            ]}
            description={repeat === 'none' ? undefined : 'When it is done, the next one is added for its next due time.'}
          />
          {repeat === 'weekly' && (
            <Checkbox.Group label="On" value={weekdays} onChange={(v) => { clear('weekdays'); setWeekdays(v); }} error={errors.weekdays}>
              <Group gap="sm" mt={4}>
                {WEEKDAY_NAMES.map((name, i) => (
                  <Checkbox key={name} value={String(i)} label={name.slice(0, 3)} aria-label={name} />
                ))}
              </Group>
            </Checkbox.Group>
          )}
          {repeat === 'monthly' && (
            <NumberInput
              label="Day of the month"
              min={1}
              max={31}
              value={dayOfMonth}
              onChange={(v) => { clear('dayOfMonth'); setDayOfMonth(v); }}
              error={errors.dayOfMonth}
              description={Number(dayOfMonth) > 28 ? 'In a month without that day, the task is due on the month’s last day.' : undefined}
            />
          )}
          {!manages && !task && (
            <Text size="sm" c="dimmed">
              The task goes on your own list.
            </Text>
          )}
          <ErrorAlert error={assignees.error} />
          <ErrorAlert error={save.error} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose} disabled={save.busy}>
              Cancel
            </Button>
            <Button type="submit" loading={save.busy}>
              {task ? 'Save changes' : 'Add task'}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
