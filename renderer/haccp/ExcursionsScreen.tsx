import { Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { ExcursionView } from '../../domain/contract/haccp';
import { CORRECTIVE_ACTION_WORDS } from '../../domain/haccp/corrective-action-facts';
import { useCan, useSession } from '../auth/session-store';
import { useApiQuery } from '../bridge/use-api-query';
import { useLocations, zoneFor } from '../locations/use-locations';
import { ErrorAlert } from '../shell/ErrorAlert';
import { StatusBadge } from '../shell/StatusBadge';
import { formatTemperature } from '../sensors/temperature';
import { useTimeFormat } from '../time/time-format';
import { FollowUpTaskButton } from '../tasks/FollowUpTaskButton';
import { CorrectiveActionModal, CorrectiveSignOffModal } from './CorrectiveActionModal';
import { limitText } from './unit-temperature';

/** Every excursion: out of range at least as long as the unit's alarm delay, newest first. */
export function ExcursionsScreen() {
  useDocumentTitle('Excursions · OpsFlow');
  const { user } = useSession();
  const time = useTimeFormat();
  const locations = useLocations();
  // The roll-up opens one location's excursions: ?location=<id>.
  const [params, setParams] = useSearchParams();
  const only = params.get('location');
  const excursions = useApiQuery('haccp.excursions', only ? { locationId: only } : {}, { refreshOn: ['readings', 'haccpUnits', 'sensors', 'correctiveActions'], refreshGapMs: 2000 });
  const canRecord = useCan('haccp.record');
  const canSign = useCan('haccp.signoff');
  const [open, setOpen] = useState<{ mode: 'record' | 'correct' | 'sign'; excursion: ExcursionView } | null>(null);
  const close = () => {
    setOpen(null);
    excursions.reload();
  };
  const list = [...(excursions.data ?? [])].reverse();
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>Excursions</Title>
        <Text size="sm" c="dimmed">
          A unit out of range for at least its alarm delay. Shorter runs are brief out-of-range readings: recorded, but they need no action.
        </Text>
      </div>
      {only && (
        <Group gap="xs">
          <Text size="sm">
            Showing {locations.data?.find((l) => l.id === only)?.name ?? 'one location'} only.
          </Text>
          <Button size="xs" variant="subtle" onClick={() => setParams({})}>
            Show all locations
          </Button>
        </Group>
      )}
      <ErrorAlert error={excursions.error} />
      {excursions.data && list.length === 0 ? (
        <Paper withBorder p="lg" ta="center">
          <Text size="sm">No excursions.</Text>
        </Paper>
      ) : (
        <Table.ScrollContainer minWidth={800}>
          <Table striped withTableBorder aria-label="Excursions">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">Unit</Table.Th>
                <Table.Th scope="col">From</Table.Th>
                <Table.Th scope="col">Until</Table.Th>
                <Table.Th scope="col">Duration</Table.Th>
                <Table.Th scope="col">Peak</Table.Th>
                <Table.Th scope="col">Limit</Table.Th>
                <Table.Th scope="col">Corrective action</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.map((e) => {
                const zone = zoneFor(locations.data, e.locationId);
                const a = e.correctiveAction;
                return (
                  <Table.Tr key={`${e.sensorId}-${e.startMs}`}>
                    <Table.Th scope="row" fw={500}>
                      <Text size="sm" fw={600}>
                        {e.unit}
                      </Text>
                      <Text size="xs" c="dimmed">
                        {e.sensor}
                      </Text>
                    </Table.Th>
                    <Table.Td>{time.dateTime(e.startMs, zone)}</Table.Td>
                    <Table.Td>{e.endMs === null ? <StatusBadge color="red">Still out of range</StatusBadge> : time.dateTime(e.endMs, zone)}</Table.Td>
                    <Table.Td>{Math.round(e.durationMin)} min</Table.Td>
                    <Table.Td>{formatTemperature(e.peakCentiC, user.temperatureUnit)}</Table.Td>
                    <Table.Td>{limitText(e.limitKind, e.limitCentiC, user.temperatureUnit)}</Table.Td>
                    <Table.Td>
                      <Stack gap={4}>
                        <Text size="sm" fw={500}>
                          {correctiveStateWords(e, (ms) => time.dateTime(ms, zone))}
                        </Text>
                        {a && (
                          <Text size="xs">
                            {CORRECTIVE_ACTION_WORDS[a.action]}
                            {a.quantity ? ` (${a.quantity.amount} ${a.quantity.unit}${a.discardedStock ? ` of ${a.discardedStock.itemName}, written off in Inventory` : ''})` : ''}. Cause: {a.cause}. Disposition: {a.disposition}. By {a.actorName} at {time.dateTime(a.atMs, zone)}
                            {a.versions > 1 ? ` (corrected ${a.versions - 1}×)` : ''}
                          </Text>
                        )}
                        <Group gap="xs">
                          {!a && canRecord && (
                            <Button size="xs" onClick={() => setOpen({ mode: 'record', excursion: e })}>
                              Record corrective action
                            </Button>
                          )}
                          {a && !a.signoff && canSign && (
                            <Button size="xs" onClick={() => setOpen({ mode: 'sign', excursion: e })}>
                              Sign off
                            </Button>
                          )}
                          {a && canRecord && (!a.signoff || canSign) && (
                            <Button size="xs" variant="default" onClick={() => setOpen({ mode: 'correct', excursion: e })}>
                              Amend
                            </Button>
                          )}
                          {a && (
                            <FollowUpTaskButton
                              label="Add follow-up task"
                              draft={{
                                locationId: e.locationId,
                                title: `Follow up: ${e.unit} (${CORRECTIVE_ACTION_WORDS[a.action].toLowerCase()})`,
                                notes: `Cause: ${a.cause}`,
                                type: 'maintenance',
                                priority: 'high',
                                assignee: { role: 'MANAGER' },
                                origin: { kind: 'correctiveAction', ref: a.id },
                                originWords: `the corrective action for ${e.unit}, ${time.dateTime(e.startMs, zone)}`,
                              }}
                            />
                          )}
                        </Group>
                      </Stack>
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {open?.mode === 'record' && <CorrectiveActionModal excursion={open.excursion} onClose={close} />}
      {open?.mode === 'correct' && open.excursion.correctiveAction && <CorrectiveActionModal excursion={open.excursion} correcting={open.excursion.correctiveAction} onClose={close} />}
      {open?.mode === 'sign' && open.excursion.correctiveAction && <CorrectiveSignOffModal action={open.excursion.correctiveAction} unit={open.excursion.unit} onClose={close} />}
    </Stack>
  );
}

/** The state of an excursion's corrective action in words (never colour alone). */
function correctiveStateWords(e: ExcursionView, at: (ms: number) => string): string {
  const a = e.correctiveAction;
  if (!a) return 'Needs a corrective action';
  if (!a.signoff) return 'Awaiting sign-off';
  return `Signed by ${a.signoff.actorName} at ${at(a.signoff.atMs)}`;
}
