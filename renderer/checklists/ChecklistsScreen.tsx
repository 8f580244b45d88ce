import { Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useCan, useSession } from '../auth/session-store';
import { useApiQuery } from '../bridge/use-api-query';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useNow } from '../time/use-now';
import { useTimeFormat } from '../time/time-format';
import { OccurrenceCard } from './OccurrenceCard';
import { TemplateEditor } from './TemplateEditor';

/** Today's checklists at this PC's location: fill in, sign off, correct; and, for managers, the templates. */
export function ChecklistsScreen() {
  useDocumentTitle('Checklists · OpsFlow');
  const { user } = useSession();
  const canManage = useCan('haccp.manageChecklists');
  const nowMs = useNow(15_000);
  const time = useTimeFormat();
  const day = useApiQuery('checklists.day', {}, { refreshOn: ['checklists'] });
  const templates = useApiQuery('checklists.templates', {}, { enabled: canManage, refreshOn: ['checklists'] });
  const view = day.data;

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Checklists</Title>
        <Text size="sm" c="dimmed">
          {view ? `Due on ${time.day(view.day)} at this location (times are ${view.timeZone} time).` : 'Opening, closing, line and receiving checks due today.'}
        </Text>
      </div>
      <ErrorAlert error={day.error} />
      {view && view.occurrences.length === 0 && (
        <Paper withBorder p="lg" ta="center">
          <Text size="sm">{canManage ? 'No checklist is due today. Set one up below.' : 'No checklist is due today.'}</Text>
        </Paper>
      )}
      {view?.occurrences.map((o) => (
        <OccurrenceCard key={`${o.templateId}/${o.slot}`} occurrence={o} timeZone={view.timeZone} nowMs={nowMs} unit={user.temperatureUnit} onChanged={day.reload} />
      ))}
      {canManage && (
        <>
          <ErrorAlert error={templates.error} />
          <TemplateEditor
            templates={templates.data ?? []}
            unit={user.temperatureUnit}
            onChanged={() => {
              templates.reload();
              day.reload();
            }}
          />
        </>
      )}
    </Stack>
  );
}
