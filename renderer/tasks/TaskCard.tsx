import { Anchor, Badge, Button, Group, Paper, Stack, Text } from '@mantine/core';
import { Link } from 'react-router';
import { ROLE_LABELS } from '../../domain/auth/roles';
import type { TaskView } from '../../domain/contract/tasks';
import { dueWords, isOverdue } from '../../domain/tasks/overdue';
import { TASK_PRIORITY_LABELS, TASK_STATUS_LABELS, TASK_TYPE_LABELS, type TaskStatus } from '../../domain/tasks/records';
import { recurrenceWords } from '../../domain/tasks/recurrence';
import { useTimeFormat } from '../time/time-format';

const PRIORITY_COLORS = { low: 'gray', medium: 'blue', high: 'orange', urgent: 'red' } as const;

interface TaskCardProps {
  task: TaskView;
  nowMs: number;
  timeZone: string | undefined;
  locationName: string | null;
  canDelete: boolean;
  busy: boolean;
  onStatus(status: TaskStatus): void;
  onEdit(): void;
  onDelete(): void;
}

/** One task: what, for whom, when (overdue said in words), and the moves the person may make. */
export function TaskCard({ task, nowMs, timeZone, locationName, canDelete, busy, onStatus, onEdit, onDelete }: TaskCardProps) {
  const time = useTimeFormat();
  const overdue = isOverdue(task, nowMs);
  const who = task.assignee ? (task.assignee.kind === 'user' ? task.assignee.name : `Every ${ROLE_LABELS[task.assignee.role]}`) : 'Nobody yet';
  const when = dueWords(task, nowMs);
  return (
    <Paper withBorder p="sm" radius="md" role="article" aria-label={task.title} style={overdue ? { borderColor: 'var(--mantine-color-red-6)' } : undefined}>
      <Stack gap={6}>
        <Group justify="space-between" wrap="nowrap" align="flex-start">
          <Text fw={600}>{task.title}</Text>
          <Group gap={4} wrap="nowrap">
            <Badge variant="light" color={PRIORITY_COLORS[task.priority]}>
              {TASK_PRIORITY_LABELS[task.priority]}
            </Badge>
            <Badge variant="outline" color="gray">
              {TASK_TYPE_LABELS[task.type]}
            </Badge>
          </Group>
        </Group>
        {task.notes && (
          <Text size="sm" c="dimmed" style={{ whiteSpace: 'pre-wrap' }}>
            {task.notes}
          </Text>
        )}
        <Text size="sm">
          For {who}
          {locationName ? ` · ${locationName}` : ''} · {TASK_STATUS_LABELS[task.status]}
        </Text>
        <Text size="sm" c={overdue ? 'red' : undefined} fw={overdue ? 600 : undefined} data-testid="task-due">
          {task.dueAtMs !== null && task.status !== 'done' ? `Due ${time.dateTime(task.dueAtMs, timeZone)} · ${when[0]!.toUpperCase()}${when.slice(1)}` : null}
          {task.dueAtMs === null && task.status !== 'done' ? 'No due time' : null}
          {task.status === 'done' && task.completedAtMs !== null ? `Done ${time.dateTime(task.completedAtMs, timeZone)} by ${task.completedByName ?? 'someone'}` : null}
        </Text>
        {task.origin && (
          <Text size="xs">
            Follows up:{' '}
            <Anchor component={Link} to={task.origin.kind === 'lowStock' ? `/inventory/items/${task.origin.ref}` : '/excursions'} size="xs">
              {task.origin.label}
            </Anchor>
          </Text>
        )}
        {task.recurrence && (
          <Text size="xs" c="dimmed">
            Repeats {recurrenceWords(task.recurrence)}
          </Text>
        )}
        <Group gap="xs">
          {task.canChangeStatus && task.status === 'todo' && (
            <Button size="xs" variant="light" onClick={() => onStatus('in_progress')} loading={busy}>
              Start
            </Button>
          )}
          {task.canChangeStatus && task.status !== 'done' && (
            <Button size="xs" onClick={() => onStatus('done')} loading={busy}>
              Mark done
            </Button>
          )}
          {task.canChangeStatus && task.status !== 'todo' && (
            <Button size="xs" variant="subtle" onClick={() => onStatus('todo')} loading={busy}>
              {task.status === 'done' ? 'Reopen' : 'Back to to do'}
            </Button>
          )}
          {task.canEdit && (
            <Button size="xs" variant="default" onClick={onEdit}>
              Edit
            </Button>
          )}
          {canDelete && (
            <Button size="xs" variant="subtle" color="red" onClick={onDelete}>
              Delete
            </Button>
          )}
        </Group>
      </Stack>
    </Paper>
  );
}
