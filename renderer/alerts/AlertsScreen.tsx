import { Checkbox, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { ALERT_KIND_LABELS } from '../../domain/alerts/records';
import { useLocations, zoneFor } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { StatusBadge } from '../shell/StatusBadge';
import { useTimeFormat } from '../time/time-format';
import { useCan } from '../auth/session-store';
import { AcknowledgeButton } from './AcknowledgeButton';
import { EscalationForm } from './EscalationForm';
import { alertState, SEVERITY_COLORS, SEVERITY_WORDS } from './alert-words';
import { useAlerts } from './use-alerts';

/** Every open alert, most urgent first; closed ones on request, with their whole history. */
export function AlertsScreen() {
  useDocumentTitle('Alerts · OpsFlow');
  const [showClosed, setShowClosed] = useState(false);
  const alerts = useAlerts(showClosed ? 'all' : 'open');
  const locations = useLocations();
  const time = useTimeFormat();
  const list = alerts.data ?? [];
  const canConfigure = useCan('haccp.manageLimits');
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Alerts</Title>
        <Text size="sm" c="dimmed">
          An alert closes when what it is about is over and someone has acknowledged it. Critical alerts nobody acknowledges go to the location’s managers.
        </Text>
      </div>
      {canConfigure && <EscalationForm />}
      <Group>
        <Checkbox label="Show closed alerts" checked={showClosed} onChange={(e) => setShowClosed(e.currentTarget.checked)} />
      </Group>
      <ErrorAlert error={alerts.error} />
      {alerts.data && list.length === 0 ? (
        <Paper withBorder p="lg" ta="center">
          <Text size="sm">No {showClosed ? '' : 'open '}alerts.</Text>
        </Paper>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder aria-label="Alerts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Alert</Table.Th>
                <Table.Th scope="col">Severity</Table.Th>
                <Table.Th scope="col">Raised</Table.Th>
                <Table.Th scope="col">State</Table.Th>
                <Table.Th scope="col">History</Table.Th>
                <Table.Th scope="col">Action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((a) => {
                const zone = zoneFor(locations.data, a.locationId);
                const history = [
                  a.escalatedAtMs !== null ? `Escalated ${time.dateTime(a.escalatedAtMs, zone)} to ${a.escalatedTo}` : null,
                  a.acknowledgedAtMs !== null ? `Acknowledged by ${a.acknowledgedBy} ${time.dateTime(a.acknowledgedAtMs, zone)}` : null,
                  a.closedAtMs !== null ? `Closed ${time.dateTime(a.closedAtMs, zone)}: ${a.closedReason}` : null,
                ].filter((line): line is string => line !== null);
                return (
                  <Table.Tr key={a.id}>
                    <Table.Th scope="row" fw={500}>
                      <Text size="sm" fw={600}>
                        {a.title}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {ALERT_KIND_LABELS[a.kind]} · {a.detail}
                      </Text>
                    </Table.Th>
                    <Table.Td>
                      <StatusBadge color={SEVERITY_COLORS[a.severity]}>{SEVERITY_WORDS[a.severity]}</StatusBadge>
                    </Table.Td>
                    <Table.Td>{time.dateTime(a.raisedAtMs, zone)}</Table.Td>
                    <Table.Td>{alertState(a)}</Table.Td>
                    <Table.Td>
                      {history.map((line) => (
                        <Text key={line} size="xs">
                          {line}
                        </Text>
                      ))}
                    </Table.Td>
                    <Table.Td>
                      <AcknowledgeButton alert={a} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Stack>
  );
}
