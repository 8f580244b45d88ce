import { Text } from '@mantine/core';
import type { SensorView } from '../../domain/contract/index';
import { freshnessText, readingFreshness, type ReadingFreshness } from '../../domain/sensors/reading-freshness';
import type { TimeFormat } from '../time/time-format';
import { arrivesInBatches } from './sensor-kind';

export function sensorFreshness(sensor: SensorView, nowMs: number): ReadingFreshness {
  return readingFreshness({ ...sensor, logger: arrivesInBatches(sensor) }, nowMs);
}

/** "2 min ago", "No reading for 3 h": the words carry the state; the reading's time is in the title. */
export function ReadingAge({ freshness, time, timeZone }: { freshness: ReadingFreshness; time: TimeFormat; timeZone: string | undefined }) {
  const warn = freshness.state === 'offline' || freshness.state === 'stale';
  return (
    <Text
      span
      size="xs"
      c={warn ? 'red.8' : 'dimmed'}
      fw={warn ? 600 : undefined}
      style={{ whiteSpace: 'nowrap' }}
      title={freshness.state === 'none' ? undefined : time.dateTime(freshness.atMs, timeZone)}
    >
      {freshnessText(freshness)}
    </Text>
  );
}
