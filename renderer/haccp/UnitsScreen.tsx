import { Anchor, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { Link } from 'react-router';
import type { UnitView } from '../../domain/contract/index';
import { UNIT_TYPE_LABELS } from '../../domain/haccp/limits';
import { useCan, useSession } from '../auth/session-store';
import { ErrorAlert } from '../shell/ErrorAlert';
import { useSensors } from '../sensors/use-sensors';
import { AssignSensorForm } from './AssignSensorForm';
import { ManualReadingForm } from './ManualReadingForm';
import { UnitFormModal } from './UnitFormModal';
import { limitText } from './unit-temperature';
import { useUnits } from './use-units';

/** The location's monitored units: their critical limits, alarm delays and sensors; readings by hand. */
export function UnitsScreen() {
  useDocumentTitle('Units & limits · OpsFlow');
  const { user } = useSession();
  const units = useUnits();
  const sensors = useSensors();
  const canManage = useCan('haccp.manageLimits');
  const canAssign = useCan('sensors.manage');
  const canRecord = useCan('haccp.record');
  const [editing, setEditing] = useState<UnitView | 'new' | null>(null);
  const list = units.data ?? [];

  return (
    <Stack gap="md">
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={1}>Units & limits</Title>
          <Text size="sm" c="dimmed">
            Coolers, freezers and hot holding, each judged against its critical limit (FDA Food Code defaults unless changed). A
            unit out of range for its alarm delay is an excursion.
          </Text>
        </div>
        <Group gap="sm">
          <Anchor component={Link} to="/excursions" size="sm">
            Excursions
          </Anchor>
          {canManage && <Button onClick={() => setEditing('new')}>Add unit</Button>}
        </Group>
      </Group>
      <ErrorAlert error={units.error} />
      {units.data && list.length === 0 ? (
        <Paper withBorder p="lg" ta="center">
          <Text size="sm">No monitored units yet.{canManage ? ' Add the walk-in, the freezers and the hot holding to start judging their readings.' : ''}</Text>
        </Paper>
      ) : (
        <Table.ScrollContainer minWidth={900}>
          <Table striped withTableBorder aria-label="Units">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Unit</Table.Th>
                <Table.Th scope="col">Critical limit</Table.Th>
                <Table.Th scope="col">Alarm delay</Table.Th>
                <Table.Th scope="col">Sensors</Table.Th>
                <Table.Th scope="col">Actions</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((unit) => (
                <Table.Tr key={unit.id}>
                  <Table.Th scope="row" fw={500}>
                    <Text size="sm" fw={600}>
                      {unit.name}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {UNIT_TYPE_LABELS[unit.type]}
                      {unit.active ? '' : ' · retired'}
                    </Text>
                  </Table.Th>
                  <Table.Td>
                    <Text size="sm">{limitText(unit.limitKind, unit.limitCentiC, user.temperatureUnit)}</Text>
                    <Text size="xs" c="dimmed">
                      {unit.defaultLimit ? 'Food Code default' : 'Set for this unit'}
                    </Text>
                  </Table.Td>
                  <Table.Td>{unit.alarmDelayMin} min</Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      <Text size="sm">{unit.sensors.map((s) => s.name).join(', ') || 'None yet'}</Text>
                      {canAssign && sensors.data && <AssignSensorForm unit={unit} sensors={sensors.data} />}
                    </Stack>
                  </Table.Td>
                  <Table.Td>
                    <Stack gap={4}>
                      {canRecord && unit.active && <ManualReadingForm unit={unit} temperatureUnit={user.temperatureUnit} />}
                      {canManage && (
                        <Button size="xs" variant="default" onClick={() => setEditing(unit)} aria-label={`Change ${unit.name}`}>
                          Change limit or delay
                        </Button>
                      )}
                    </Stack>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {editing && (
        <UnitFormModal
          key={editing === 'new' ? 'new' : editing.id}
          unit={editing === 'new' ? null : editing}
          opened
          onClose={() => setEditing(null)}
          temperatureUnit={user.temperatureUnit}
        />
      )}
    </Stack>
  );
}
