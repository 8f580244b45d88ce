import { Alert, Anchor, Group, Text } from '@mantine/core';
import { Link } from 'react-router';
import { useCan } from '../auth/session-store';
import { useEvent } from '../bridge/use-event';
import { AcknowledgeButton } from './AcknowledgeButton';
import { alertBarText, SEVERITY_COLORS } from './alert-words';
import { showAlertNotification } from './alert-notification';
import { useAlerts } from './use-alerts';

/** On every screen: the open alerts in one line, the most urgent one's acknowledge button, a link to all. */
export function AlertBar() {
  const canSee = useCan('haccp.view');
  const alerts = useAlerts('open', canSee);
  useEvent('alerts.raised', (payload) => showAlertNotification(payload));
  const open = alerts.data ?? [];
  if (!canSee || open.length === 0) return null;
  const first = open.find((a) => a.acknowledgedAtMs === null) ?? open[0]!;
  return (
    <Alert color={SEVERITY_COLORS[first.severity]} variant="light" mb="sm" p="xs" role="region" aria-label="Alerts">
      <Group justify="space-between" wrap="nowrap">
        <Text size="sm" fw={600} data-testid="alert-bar">
          {alertBarText(open)}
        </Text>
        <Group gap="xs" wrap="nowrap">
          <AcknowledgeButton alert={first} />
          <Anchor component={Link} to="/alerts" size="sm">
            All alerts
          </Anchor>
        </Group>
      </Group>
    </Alert>
  );
}
