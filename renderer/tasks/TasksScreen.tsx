import { Button, Group, NativeSelect, Paper, SegmentedControl, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import type { TaskView } from '../../domain/contract/tasks';
import { isOverdue } from '../../domain/tasks/overdue';
import { TASK_STATUS_LABELS, TASK_STATUSES, type TaskStatus } from '../../domain/tasks/records';
import { useCan, useSession } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { useLocations, zoneFor } from '../locations/use-locations';
import { ConfirmModal } from '../shell/ConfirmModal';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import { useNow } from '../time/use-now';
import { TaskCard } from './TaskCard';
import { TaskFormModal } from './TaskFormModal';
import { byStatus } from './task-form';
import { useTasks } from './use-tasks';

type View = 'mine' | 'location' | 'board';

const WEEK_MS = 7 * 86_400_000;

export function TasksScreen() {
  useDocumentTitle('Tasks · OpsFlow');
  const { user } = useSession();
  const manages = useCan('tasks.manage');
  const mayAdd = useCan('tasks.complete');
  const locations = useLocations();
  const nowMs = useNow(30_000);
  const [view, setView] = useState<View>(mayAdd ? 'mine' : 'location');
  const myLocations = (locations.data ?? []).filter((l) => user.locationIds.includes(l.id));
  const [chosenLocation, setChosenLocation] = useState<string | null>(null);
  const locationId = chosenLocation ?? myLocations.find((l) => l.isThisDevice)?.id ?? myLocations[0]?.id ?? null;
  // Done tasks of the last week show on the board; a minute's step keeps the query stable between refreshes.
  const [doneSinceMs] = useState(() => Math.floor((Date.now() - WEEK_MS) / 60_000) * 60_000);
  const tasks = useTasks(
    view === 'mine' ? { mine: true } : { ...(locationId ? { locationId } : {}), ...(view === 'board' ? { doneSinceMs } : {}) },
    view === 'mine' || locationId !== null,
  );
  const [editing, setEditing] = useState<TaskView | null>(null);
  const [formOpen, setFormOpen] = useState(false);
  const [deleting, setDeleting] = useState<TaskView | null>(null);
  const [busyId, setBusyId] = useState<string | null>(null);

  const move = useApiAction(async (task: TaskView, status: TaskStatus) => {
    setBusyId(task.id);
    try {
      const { next } = await api.invoke('tasks.setStatus', { taskId: task.id, status });
      tasks.reload();
      if (next) notifySuccess(`“${task.title}” is done; the next one is on the list.`);
    } finally {
      setBusyId(null);
    }
  });
  const remove = useApiAction(async (task: TaskView) => {
    await api.invoke('tasks.delete', { taskId: task.id });
    setDeleting(null);
    tasks.reload();
  });

  const list = tasks.data ?? [];
  const overdue = list.filter((t) => isOverdue(t, nowMs)).length;
  const locationName = (id: string) => (locations.data ?? []).find((l) => l.id === id)?.name ?? null;
  const card = (task: TaskView) => (
    <TaskCard
      key={task.id}
      task={task}
      nowMs={nowMs}
      timeZone={zoneFor(locations.data, task.locationId)}
      locationName={view === 'mine' && myLocations.length > 1 ? locationName(task.locationId) : null}
      canDelete={manages}
      busy={busyId === task.id}
      onStatus={(status) => void move.run(task, status)}
      onEdit={() => {
        setEditing(task);
        setFormOpen(true);
      }}
      onDelete={() => setDeleting(task)}
    />
  );

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Tasks</Title>
          <Text size="sm" c="dimmed">
            Prep, cleaning, inventory and maintenance: who does what, and by when.
          </Text>
        </div>
        {mayAdd && (
          <Button
            onClick={() => {
              setEditing(null);
              setFormOpen(true);
            }}
          >
            New task
          </Button>
        )}
      </Group>
      <Group gap="md" align="flex-end">
        <SegmentedControl
          value={view}
          onChange={(v) => setView(v as View)}
          data={[
            ...(mayAdd ? [{ value: 'mine', label: 'Mine' }] : []),
            { value: 'location', label: 'My location' },
            { value: 'board', label: 'Board' },
          ]}
          aria-label="Which tasks"
        />
        {view !== 'mine' && myLocations.length > 1 && (
          <NativeSelect aria-label="Location" value={locationId ?? ''} onChange={(e) => setChosenLocation(e.currentTarget.value)} data={myLocations.map((l) => ({ value: l.id, label: l.name }))} />
        )}
        <Text size="sm" role="status">
          {tasks.data ? `${list.filter((t) => t.status !== 'done').length} open${overdue ? `, ${overdue} overdue` : ''}` : tasks.loading ? 'Loading…' : ''}
        </Text>
      </Group>
      <ErrorAlert error={tasks.error ?? move.error} />
      {view === 'board' ? (
        <SimpleGrid cols={3} spacing="md">
          {TASK_STATUSES.map((status) => (
            <Stack key={status} gap="xs" role="region" aria-label={TASK_STATUS_LABELS[status]}>
              <Title order={2} size="h4">
                {TASK_STATUS_LABELS[status]} ({byStatus(list)[status].length})
              </Title>
              {byStatus(list)[status].map(card)}
            </Stack>
          ))}
        </SimpleGrid>
      ) : tasks.data && list.length === 0 ? (
        <Paper withBorder p="lg" ta="center">
          <Text size="sm">{view === 'mine' ? 'Nothing on your list. Tasks given to you or to your role appear here.' : 'No open tasks at this location.'}</Text>
        </Paper>
      ) : (
        <Stack gap="xs">{list.map(card)}</Stack>
      )}
      <TaskFormModal
        opened={formOpen}
        task={editing}
        manages={manages}
        locations={locations.data ?? []}
        defaultLocationId={locationId}
        onClose={() => setFormOpen(false)}
        onSaved={(saved) => {
          setFormOpen(false);
          notifySuccess(editing ? `Saved “${saved.title}”.` : `Added “${saved.title}”.`);
          tasks.reload();
        }}
      />
      <ConfirmModal
        opened={deleting !== null}
        title="Delete this task?"
        confirmLabel="Delete task"
        danger
        busy={remove.busy}
        error={remove.error}
        onConfirm={() => deleting && void remove.run(deleting)}
        onClose={() => setDeleting(null)}
      >
        {`“${deleting?.title ?? ''}” leaves every list. The audit log keeps that it was deleted, and by whom.`}
      </ConfirmModal>
    </Stack>
  );
}
