import { Alert, Button, Group, Radio, SegmentedControl, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import type { ChecklistOccurrenceView, ChecklistRecordView } from '../../domain/contract/checklists';
import { answerPasses, type ChecklistAnswer, type FailAction } from '../../domain/haccp/checklist-answers';
import type { ChecklistItem } from '../../domain/haccp/checklist-templates';
import { api } from '../bridge/api';
import { useApiAction } from '../bridge/use-api-action';
import { ErrorAlert } from '../shell/ErrorAlert';
import { notifySuccess } from '../shell/notify';
import type { TemperatureUnit } from '../sensors/temperature';
import { itemRuleText } from './item-text';
import { readTemperature, temperatureText } from './temperature-entry';

interface Entry {
  text: string;
  yes: boolean | null;
  choice: FailAction['choice'] | null;
  note: string;
}

function entryValue(item: ChecklistItem, entry: Entry, unit: TemperatureUnit): { value: ChecklistAnswer['value'] } | { error: string } {
  switch (item.type) {
    case 'temperature': {
      const read = readTemperature(entry.text, unit);
      return 'error' in read ? read : { value: read.centiC };
    }
    case 'yesNo':
      return entry.yes === null ? { error: 'Answer yes or no.' } : { value: entry.yes };
    case 'number': {
      const n = Number(entry.text.trim().replace(',', '.'));
      return entry.text.trim() === '' || !Number.isFinite(n) ? { error: 'Enter a number.' } : { value: n };
    }
    case 'text':
      return { value: entry.text.trim() };
  }
}

function startEntry(item: ChecklistItem, previous: ChecklistRecordView | undefined, unit: TemperatureUnit): Entry {
  const answer = previous?.answers.find((a) => a.itemId === item.id);
  if (!answer) return { text: '', yes: null, choice: null, note: '' };
  return {
    text: item.type === 'temperature' ? temperatureText(answer.value as number, unit) : typeof answer.value === 'boolean' ? '' : String(answer.value),
    yes: typeof answer.value === 'boolean' ? answer.value : null,
    choice: answer.failAction?.choice ?? null,
    note: answer.failAction?.note ?? '',
  };
}

/**
 * Filling in a checklist, or correcting a record (`correcting`): one field per item, judged as it is
 * typed; a failed item asks what was done (at receiving: reject the delivery or a corrective action).
 */
export function ChecklistForm({ occurrence, correcting, unit, onDone }: { occurrence: ChecklistOccurrenceView; correcting?: ChecklistRecordView; unit: TemperatureUnit; onDone(): void }) {
  const items = correcting ? correcting.items : occurrence.items;
  const [entries, setEntries] = useState<Record<string, Entry>>(() => Object.fromEntries(items.map((i) => [i.id, startEntry(i, correcting, unit)])));
  const [note, setNote] = useState('');
  const [problems, setProblems] = useState<Record<string, string>>({});
  const receiving = occurrence.kind === 'receiving';

  const save = useApiAction(async (answers: ChecklistAnswer[]) => {
    if (correcting) {
      await api.invoke('checklists.amend', { completionId: correcting.id, answers, note });
      notifySuccess(`${occurrence.templateName}: the correction is recorded next to the original.`, 'Correction saved');
    } else {
      await api.invoke('checklists.complete', { templateId: occurrence.templateId, day: occurrence.day, slot: occurrence.slot, answers, note });
      notifySuccess(`${occurrence.templateName} is recorded.`, 'Checklist completed');
    }
    onDone();
  });

  const set = (id: string, change: Partial<Entry>) => setEntries((all) => ({ ...all, [id]: { ...all[id]!, ...change } }));

  function submit(event: FormEvent) {
    event.preventDefault();
    const found: Record<string, string> = {};
    const answers: ChecklistAnswer[] = [];
    for (const item of items) {
      const entry = entries[item.id]!;
      const read = entryValue(item, entry, unit);
      if ('error' in read) {
        found[item.id] = read.error;
        continue;
      }
      const failed = !answerPasses(item, read.value);
      if (failed && !entry.choice) found[item.id] = receiving ? 'Failed: choose to reject the delivery or record a corrective action.' : 'Failed: record the corrective action.';
      else if (failed && !entry.note.trim()) found[item.id] = 'Say what was done about it.';
      answers.push({ itemId: item.id, value: read.value, failAction: failed && entry.choice ? { choice: entry.choice, note: entry.note.trim() } : null });
    }
    if (correcting && !note.trim()) found.note = 'Say why the record is corrected.';
    setProblems(found);
    if (Object.keys(found).length === 0) void save.run(answers);
  }

  return (
    <form onSubmit={submit} noValidate aria-label={correcting ? `Correct ${occurrence.templateName}` : `Fill in ${occurrence.templateName}`}>
      <Stack gap="md">
        {items.map((item) => {
          const entry = entries[item.id]!;
          const read = entryValue(item, entry, unit);
          const failed = 'value' in read && !answerPasses(item, read.value);
          return (
            <Stack key={item.id} gap={6}>
              {item.type === 'yesNo' ? (
                <Radio.Group
                  label={item.label}
                  description={itemRuleText(item, unit)}
                  value={entry.yes === null ? '' : entry.yes ? 'yes' : 'no'}
                  onChange={(v) => set(item.id, { yes: v === 'yes' })}
                  error={problems[item.id]}
                >
                  <Group gap="md" mt={4}>
                    <Radio value="yes" label="Yes" />
                    <Radio value="no" label="No" />
                  </Group>
                </Radio.Group>
              ) : item.type === 'text' ? (
                <Textarea label={item.label} value={entry.text} onChange={(e) => set(item.id, { text: e.currentTarget.value })} autosize minRows={1} maw={560} error={problems[item.id]} />
              ) : (
                <TextInput
                  label={item.label}
                  description={itemRuleText(item, unit)}
                  value={entry.text}
                  onChange={(e) => set(item.id, { text: e.currentTarget.value })}
                  inputMode="decimal"
                  autoComplete="off"
                  rightSection={item.type === 'temperature' ? <Text size="sm" c="dimmed" aria-hidden="true">°{unit}</Text> : undefined}
                  error={problems[item.id]}
                  w={300}
                />
              )}
              {failed && (
                <Alert color="red" variant="light" title={`${item.label}: out of range`} maw={560}>
                  <Stack gap="xs">
                    {receiving ? (
                      <SegmentedControl
                        aria-label={`Reject or correct: ${item.label}`}
                        value={entry.choice ?? ''}
                        onChange={(v) => set(item.id, { choice: v as FailAction['choice'] })}
                        data={[
                          { value: 'reject', label: 'Reject the delivery' },
                          { value: 'correctiveAction', label: 'Corrective action' },
                        ]}
                      />
                    ) : (
                      <Text size="sm">Record the corrective action taken.</Text>
                    )}
                    <TextInput
                      label={`What was done about ${item.label}`}
                      value={entry.note}
                      onChange={(e) => set(item.id, { note: e.currentTarget.value, choice: receiving ? entry.choice : 'correctiveAction' })}
                    />
                  </Stack>
                </Alert>
              )}
            </Stack>
          );
        })}
        <Textarea
          label={correcting ? 'Why is it corrected?' : 'Note (optional)'}
          required={Boolean(correcting)}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={problems.note}
          autosize
          minRows={1}
          maw={560}
        />
        <ErrorAlert error={save.error} />
        <Group>
          <Button type="submit" loading={save.busy}>
            {correcting ? 'Save correction' : 'Complete checklist'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
