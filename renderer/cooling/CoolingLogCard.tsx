import { Button, Group, NativeSelect, Paper, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { useState } from 'react';
import type { CoolingLogView } from '../../domain/contract/cooling';
import { judgeProcess, type StageState } from '../../domain/haccp/cooling';
import { durationWords } from '../../domain/haccp/checklist-schedule';
import { useCan } from '../auth/session-store';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';
import { StatusBadge } from '../shell/StatusBadge';
import { formatTemperature, type TemperatureUnit } from '../sensors/temperature';
import { useTimeFormat } from '../time/time-format';
import { ReadingFields } from './StartCoolingForm';

const STATE_COLORS: Record<StageState, string> = { running: 'blue', passed: 'green', failed: 'red' };
const ACTION_WORDS = { reheated: 'Reheated to 165 °F', discarded: 'Discarded', other: 'Other' } as const;

/** One log: each stage with its deadline and the time left, judged again every second with the screen's clock. */
export function CoolingLogCard({ log, nowMs, unit, timeZone, onChanged }: { log: CoolingLogView; nowMs: number; unit: TemperatureUnit; timeZone: string | undefined; onChanged(): void }) {
  const time = useTimeFormat();
  const canRecord = useCan('haccp.record');
  const verdict = judgeProcess(log.process, log.readings, nowMs) ?? log.verdict;
  const [action, setAction] = useState<'reheated' | 'discarded' | 'other'>('reheated');
  const [note, setNote] = useState('');
  const add = useApiAction(async (reading: Parameters<typeof api.invoke<'cooling.addReading'>>[1]['reading']) => {
    await api.invoke('cooling.addReading', { logId: log.id, reading });
    onChanged();
  });
  const act = useApiAction(async () => {
    await api.invoke('cooling.recordAction', { logId: log.id, action, note });
    setNote('');
    onChanged();
  });
  const title = `${log.food} — ${log.process === 'cooling' ? 'cooling' : 'reheating'}`;

  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3} size="h4">
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              Started {time.dateTime(verdict.startedAtMs, timeZone)} by {log.startedByName}
            </Text>
          </div>
          <StatusBadge color={STATE_COLORS[verdict.state]}>{verdict.state === 'passed' ? 'Passed' : verdict.state === 'failed' ? 'Failed' : 'In progress'}</StatusBadge>
        </Group>
        <Table fz="sm" maw={760} aria-label={`Stages of ${title}`}>
          <Table.Tbody>
            {verdict.stages.map((s) => (
              <Table.Tr key={s.name}>
                <Table.Td>{s.name}</Table.Td>
                <Table.Td>Deadline {time.dateTime(s.deadlineMs, timeZone)}</Table.Td>
                <Table.Td>
                  <StatusBadge color={STATE_COLORS[s.state]}>
                    {s.state === 'running'
                      ? `${durationWords(s.remainingMs ?? 0)} left`
                      : s.state === 'passed'
                        ? `Passed: reached at ${time.time(s.reachedAtMs!, timeZone)}`
                        : s.reachedAtMs !== null
                          ? `Failed: reached only at ${time.time(s.reachedAtMs, timeZone)}`
                          : 'Failed: not reached in time'}
                  </StatusBadge>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        <Text size="sm">
          Readings:{' '}
          {log.readings.map((r) => `${formatTemperature(r.tempCentiC, unit)} at ${time.time(r.atMs, timeZone)}${r.sensorId ? ' (sensor)' : ''}`).join(' · ')}
        </Text>
        {log.actions.map((a) => (
          <Text key={a.id} size="sm">
            Corrective action by {a.actorName} at {time.dateTime(a.atMs, timeZone)}: {ACTION_WORDS[a.action]}
            {a.note ? ` — ${a.note}` : ''}
          </Text>
        ))}
        {canRecord && verdict.state === 'running' && (
          <>
            <ReadingFields unit={unit} timeZone={timeZone} busy={add.busy} submitLabel="Add reading" onRead={(r) => void add.run(r)} />
            <ErrorAlert error={add.error} />
          </>
        )}
        {canRecord && verdict.state === 'failed' && (
          <Group align="flex-end" gap="sm">
            <NativeSelect
              label="Corrective action"
              value={action}
              onChange={(e) => setAction(e.currentTarget.value as typeof action)}
              data={Object.entries(ACTION_WORDS).map(([value, label]) => ({ value, label }))}
            />
            <TextInput label="Note" value={note} onChange={(e) => setNote(e.currentTarget.value)} w={320} />
            <Button loading={act.busy} onClick={() => void act.run()}>
              Record action
            </Button>
          </Group>
        )}
        <ErrorAlert error={act.error} />
      </Stack>
    </Paper>
  );
}
