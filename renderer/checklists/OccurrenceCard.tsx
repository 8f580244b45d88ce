import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ChecklistOccurrenceView, ChecklistRecordView } from '../../domain/contract/checklists';
import { occurrenceState, occurrenceStateWords, type OccurrenceState } from '../../domain/haccp/checklist-schedule';
import { CHECKLIST_KIND_WORDS } from '../../domain/haccp/checklist-templates';
import { api } from '../bridge/api';
import { useCan } from '../auth/session-store';
import { SignOffModal } from '../shell/SignOffModal';
import { StatusBadge } from '../shell/StatusBadge';
import type { TemperatureUnit } from '../sensors/temperature';
import { useTimeFormat } from '../time/time-format';
import { ChecklistForm } from './ChecklistForm';
import { answerText } from './item-text';

const STATE_COLORS: Record<OccurrenceState, string> = { upcoming: 'gray', open: 'blue', missed: 'red', done: 'green', late: 'orange' };

function RecordTable({ record, unit }: { record: ChecklistRecordView; unit: TemperatureUnit }) {
  return (
    <Table withTableBorder fz="sm" maw={760}>
      <Table.Tbody>
        {record.answers.map((a) => {
          const item = record.items.find((i) => i.id === a.itemId)!;
          return (
            <Table.Tr key={a.itemId}>
              <Table.Td>{item.label}</Table.Td>
              <Table.Td>{answerText(item, a.value, unit)}</Table.Td>
              <Table.Td>
                {a.ok ? 'Pass' : `Fail — ${a.failAction?.choice === 'reject' ? 'delivery rejected' : 'corrective action'}: ${a.failAction?.note ?? ''}`}
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

function ChecklistSignOffModal({ record, title, onClose }: { record: ChecklistRecordView; title: string; onClose(): void }) {
  return <SignOffModal title={`Sign off ${title}`} what={title} sign={(note) => api.invoke('checklists.signOff', { completionId: record.id, note })} onClose={onClose} />;
}

/** One checklist due today: its state in words (moving with the clock), its records, and what the user may do next. */
export function OccurrenceCard({ occurrence, timeZone, nowMs, unit, onChanged }: { occurrence: ChecklistOccurrenceView; timeZone: string; nowMs: number; unit: TemperatureUnit; onChanged(): void }) {
  const time = useTimeFormat();
  const canRecord = useCan('haccp.record');
  const canSign = useCan('haccp.signoff');
  const [mode, setMode] = useState<'fill' | 'correct' | 'sign' | null>(null);
  const first = occurrence.records[0];
  const current = occurrence.records.at(-1);
  const state = occurrenceState(occurrence, first?.completedAtMs ?? null, nowMs);
  const title = `${occurrence.templateName}${occurrence.label ? ` (${occurrence.label})` : ''}`;
  const close = () => {
    setMode(null);
    onChanged();
  };
  // A signed record can be corrected only by someone who may sign off.
  const mayCorrect = current && canRecord && (!current.signoff || canSign);

  return (
    <Paper withBorder p="md" component="section" aria-label={title}>
      <Stack gap="sm">
        <Group justify="space-between" align="flex-start">
          <div>
            <Title order={3} size="h4">
              {title}
            </Title>
            <Text size="sm" c="dimmed">
              {CHECKLIST_KIND_WORDS[occurrence.kind]} · opens {time.time(occurrence.opensAtMs, timeZone)}
            </Text>
          </div>
          <StatusBadge color={STATE_COLORS[state]}>{occurrenceStateWords(state, time.time(occurrence.dueAtMs, timeZone), occurrence.dueAtMs - nowMs)}</StatusBadge>
        </Group>
        {occurrence.records.map((record, n) => (
          <Stack key={record.id} gap={4}>
            <Text size="sm" fw={500}>
              {n === 0 ? 'Completed' : 'Corrected'} by {record.actorName} at {time.dateTime(record.completedAtMs, timeZone)}
              {record.failedItems > 0 ? ` — ${record.failedItems} item${record.failedItems === 1 ? '' : 's'} failed` : ''}
              {record.signoff ? ` · Signed off by ${record.signoff.actorName} at ${time.dateTime(record.signoff.atMs, timeZone)}` : ' · Not signed off yet'}
            </Text>
            {record.note && <Text size="sm">Note: {record.note}</Text>}
            <RecordTable record={record} unit={unit} />
          </Stack>
        ))}
        {mode === 'fill' || mode === 'correct' ? (
          <>
            <ChecklistForm occurrence={occurrence} correcting={mode === 'correct' ? current : undefined} unit={unit} onDone={close} />
            <Group>
              <Button variant="subtle" onClick={() => setMode(null)}>
                Cancel
              </Button>
            </Group>
          </>
        ) : (
          <Group gap="sm">
            {!current && canRecord && state !== 'upcoming' && <Button onClick={() => setMode('fill')}>Fill in</Button>}
            {current && !current.signoff && canSign && <Button onClick={() => setMode('sign')}>Sign off</Button>}
            {mayCorrect && (
              <Button variant="default" onClick={() => setMode('correct')}>
                Correct
              </Button>
            )}
          </Group>
        )}
        {mode === 'sign' && current && <ChecklistSignOffModal record={current} title={title} onClose={close} />}
      </Stack>
    </Paper>
  );
}
