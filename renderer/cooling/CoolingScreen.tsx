import { Paper, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useCan, useSession } from '../auth/session-store';
import { useApiQuery } from '../bridge/use-api-query';
import { useLocations, zoneFor } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useNow } from '../time/use-now';
import { CoolingLogCard } from './CoolingLogCard';
import { StartCoolingForm } from './StartCoolingForm';

/** Cooling and reheating logs of the last two days at this PC's location, with both deadlines live. */
export function CoolingScreen() {
  useDocumentTitle('Cooling logs · OpsFlow');
  const { user } = useSession();
  const canRecord = useCan('haccp.record');
  // The time left on a stage counts down by the second.
  const nowMs = useNow(1000);
  const logs = useApiQuery('cooling.list', { days: 2 }, { refreshOn: ['cooling'] });
  const timeZone = zoneFor(useLocations().data);

  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Cooling logs</Title>
        <Text size="sm" c="dimmed">
          Cooked food cooled from 135 °F to 70 °F within 2 hours and to 41 °F within 6 hours; food reheated for hot holding to 165 °F within 2 hours.
        </Text>
      </div>
      {canRecord && (
        <Paper withBorder p="md" component="section" aria-label="Start a log">
          <Stack gap="xs">
            <Title order={2} size="h3">
              Start a log
            </Title>
            <StartCoolingForm unit={user.temperatureUnit} timeZone={timeZone} onStarted={logs.reload} />
          </Stack>
        </Paper>
      )}
      <ErrorAlert error={logs.error} />
      {logs.data?.length === 0 && (
        <Paper withBorder p="lg" ta="center">
          <Text size="sm">No cooling or reheating log in the last two days.</Text>
        </Paper>
      )}
      {logs.data?.map((log) => <CoolingLogCard key={log.id} log={log} nowMs={nowMs} unit={user.temperatureUnit} timeZone={timeZone} onChanged={logs.reload} />)}
    </Stack>
  );
}
