import { Anchor, Group, List, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router';
import { occurrenceStateWords } from '../../domain/haccp/checklist-schedule';
import { COMPLIANCE_SCORE_FORMULA } from '../../domain/haccp/compliance-score';
import { isInRange } from '../../domain/haccp/limits';
import { useSession } from '../auth/session-store';
import { useApiQuery } from '../bridge/use-api-query';
import { formatTemperature } from '../sensors/temperature';
import { useSensors } from '../sensors/use-sensors';
import { ErrorAlert } from '../shell/ErrorAlert';
import { StatusBadge } from '../shell/StatusBadge';
import { formatAge, useTimeFormat } from '../time/time-format';
import { useNow } from '../time/use-now';
import { limitText } from './unit-temperature';

/** A reading older than this says so: the unit may not be watched any more. */
const STALE_MS = 2 * 3600_000;

/** Each monitored unit: its latest temperature, how old it is, and its state in words. */
export function UnitsTile() {
  const { user } = useSession();
  const nowMs = useNow();
  const units = useApiQuery('haccp.listUnits', {}, { refreshOn: ['haccpUnits', 'sensors'] });
  const sensors = useSensors();
  if (units.error || sensors.error) return <ErrorAlert error={units.error ?? sensors.error} />;
  const active = (units.data ?? []).filter((u) => u.active);
  if (units.data && active.length === 0) return <Text size="sm">No monitored units yet (HACCP units).</Text>;
  return (
    <Table fz="sm" aria-label="Units now">
      <Table.Tbody>
        {active.map((unit) => {
          const readings = (sensors.data ?? []).filter((s) => unit.sensors.some((x) => x.id === s.id) && s.lastReading).map((s) => s.lastReading!);
          const latest = readings.sort((a, b) => b.atMs - a.atMs)[0];
          const limit = { kind: unit.limitKind, limitCentiC: unit.limitCentiC };
          const state = !latest ? 'No reading yet' : nowMs - latest.atMs > STALE_MS ? 'No recent reading' : isInRange(latest.tempCentiC, limit) ? 'In range' : 'OUT OF RANGE';
          const color = state === 'In range' ? 'green' : state === 'OUT OF RANGE' ? 'red' : 'gray';
          return (
            <Table.Tr key={unit.id}>
              <Table.Th scope="row" fw={500}>
                {unit.name}
              </Table.Th>
              <Table.Td>{latest ? formatTemperature(latest.tempCentiC, user.temperatureUnit) : '—'}</Table.Td>
              <Table.Td>{latest ? formatAge(latest.atMs, nowMs) : ''}</Table.Td>
              <Table.Td>
                <StatusBadge color={color}>{state}</StatusBadge>
                <Text size="xs" c="dimmed">
                  limit {limitText(unit.limitKind, unit.limitCentiC, user.temperatureUnit)}
                </Text>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}

export function OpenAlertsTile() {
  const alerts = useApiQuery('alerts.list', { state: 'open' }, { refreshOn: ['alerts'] });
  if (alerts.error) return <ErrorAlert error={alerts.error} />;
  const list = alerts.data ?? [];
  return (
    <Stack gap={4}>
      <Text size="sm">
        <strong>{alerts.data ? list.length : '…'}</strong> open {list.length === 1 ? 'alert' : 'alerts'}
        {list.some((a) => a.acknowledgedAtMs === null) ? `, ${list.filter((a) => a.acknowledgedAtMs === null).length} not acknowledged` : ''}
      </Text>
      <List size="sm" spacing={2}>
        {list.slice(0, 5).map((a) => (
          <List.Item key={a.id}>
            {a.severity === 'critical' ? 'Critical: ' : ''}
            {a.title}
          </List.Item>
        ))}
      </List>
      <Anchor component={Link} to="/alerts" size="sm">
        All alerts
      </Anchor>
    </Stack>
  );
}

export function ChecklistsTodayTile() {
  const time = useTimeFormat();
  const nowMs = useNow();
  const day = useApiQuery('checklists.day', {}, { refreshOn: ['checklists'] });
  if (day.error) return <ErrorAlert error={day.error} />;
  if (!day.data) return <Text size="sm">Loading…</Text>;
  if (day.data.occurrences.length === 0) return <Text size="sm">No checklists due today.</Text>;
  return (
    <List size="sm" spacing={2}>
      {day.data.occurrences.map((o) => (
        <List.Item key={`${o.templateId}-${o.slot}`}>
          {o.templateName}
          {o.label ? ` (${o.label})` : ''}: {occurrenceStateWords(o.state, time.time(o.dueAtMs, day.data!.timeZone), o.dueAtMs - nowMs)}
        </List.Item>
      ))}
    </List>
  );
}

/** Today's score with its formula, and the last 14 days as numbers (the trend, readable without colour). */
export function ComplianceTile() {
  const scores = useApiQuery('haccp.complianceScores', { days: 14 }, { refreshOn: ['readings', 'correctiveActions', 'checklists', 'cooling', 'haccpUnits'], refreshGapMs: 5000 });
  if (scores.error) return <ErrorAlert error={scores.error} />;
  const days = scores.data ?? [];
  const today = days.at(-1);
  const scored = days.filter((d) => d.score !== null).map((d) => d.score!);
  const week = (from: number, to: number) => {
    const s = days.slice(from, to).filter((d) => d.score !== null).map((d) => d.score!);
    return s.length ? s.reduce((a, b) => a + b, 0) / s.length : null;
  };
  const [before, recent] = [week(0, 7), week(7, 14)];
  const trend = before === null || recent === null ? null : recent > before + 1 ? 'improving' : recent < before - 1 ? 'getting worse' : 'steady';
  return (
    <Stack gap={4}>
      <Group gap="xs" align="baseline">
        <Text fz={32} fw={700} aria-label="Today's compliance score">
          {today?.score ?? '—'}
        </Text>
        <Text size="sm">{today?.score === null ? 'nothing to count yet today' : 'out of 100 today'}</Text>
      </Group>
      <Text size="xs" c="dimmed">
        {COMPLIANCE_SCORE_FORMULA}
      </Text>
      {scored.length > 0 && (
        <Text size="sm" aria-label="Last 14 days">
          Last 14 days: {days.map((d) => (d.score === null ? '–' : String(d.score))).join(' · ')}
          {trend ? ` (${trend} against the week before)` : ''}
        </Text>
      )}
    </Stack>
  );
}
