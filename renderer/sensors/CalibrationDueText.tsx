import { Group, Text } from '@mantine/core';
import { StatusBadge } from '../shell/StatusBadge';
import { useTimeFormat } from '../time/time-format';
import { calibrationDue } from './calibration-due';

/** The next calibration date; overdue and due-soon say so in words, the colour only repeats it. */
export function CalibrationDueText({ dueMs, timeZone }: { dueMs: number | null; timeZone: string | undefined }) {
  const time = useTimeFormat();
  const due = calibrationDue(dueMs, timeZone, { writeDay: time.day });
  if (due.state === 'overdue') {
    return (
      <Group gap={6} wrap="nowrap">
        <StatusBadge color="red">Overdue</StatusBadge>
        <Text size="sm">since {due.day && time.day(due.day)}</Text>
      </Group>
    );
  }
  if (due.state === 'soon') {
    return (
      <StatusBadge color="orange">{due.text}</StatusBadge>
    );
  }
  return <Text size="sm">{due.state === 'none' || !due.day ? 'No due date' : time.day(due.day)}</Text>;
}
