import { Box, Group, Loader, SegmentedControl, Stack, Text } from '@mantine/core';
import { useDebouncedValue, useElementSize } from '@mantine/hooks';
import { useId, useMemo, useState } from 'react';
import type { SensorView } from '../../domain/contract/index';
import { useApiQuery } from '../bridge/use-api-query';
import { dayInZone } from '../../domain/time/calendar-days';
import { DateField } from '../time/DateField';
import { useTimeFormat } from '../time/time-format';
import { ErrorAlert } from '../shell/ErrorAlert';
import { toChartColumns } from './chart-data';
import { bucketText, customRange, presetRange, type ChartRange, type RangePreset } from './chart-range';
import { ExportReadingsButton } from './ExportReadingsButton';
import { formatHumidity } from './humidity';
import { ReadingsChart } from './ReadingsChart';
import { formatCount, formatTemperature, type TemperatureUnit } from './temperature';

const CHART_HEIGHT = 300;
const RANGE_OPTIONS = [
  { value: 'day', label: 'Day' },
  { value: 'week', label: 'Week' },
  { value: 'month', label: 'Month' },
  { value: 'custom', label: 'Custom' },
];

interface ReadingsSectionProps {
  sensor: SensorView;
  unit: TemperatureUnit;
  timeZone: string | undefined;
}

/**
 * The chart asks for one bucket per pixel of its width, so the engine sends at most that many
 * min/max/avg rows whatever the range: a year of one-minute readings is still ~1,000 points.
 */
export function ReadingsSection({ sensor, unit, timeZone }: ReadingsSectionProps) {
  const summaryId = useId();
  const time = useTimeFormat();
  const [preset, setPreset] = useState<RangePreset>('day');
  const [nowMs, setNowMs] = useState(() => Date.now());
  // Filled in when Custom is chosen, once the location's zone is known: the last 7 days there.
  const [fromDay, setFromDay] = useState('');
  const [toDay, setToDay] = useState('');
  const { ref: sizeRef, width } = useElementSize();
  const [debouncedWidth] = useDebouncedValue(Math.round(width), 200);
  const buckets = Math.min(4000, Math.max(0, debouncedWidth));

  const range: ChartRange | { error: string } = useMemo(
    () => (preset === 'custom' ? customRange(fromDay, toDay, timeZone, nowMs, time) : presetRange(preset, nowMs)),
    [preset, fromDay, toDay, timeZone, nowMs, time],
  );
  const valid = 'fromMs' in range;
  const chart = useApiQuery(
    'sensors.chart',
    { sensorId: sensor.id, fromMs: valid ? range.fromMs : 0, toMs: valid ? range.toMs : 1, buckets: Math.max(1, buckets) },
    {
      enabled: valid && buckets > 0,
      // New readings move the end of a preset range to now and fetch again, at most every 5 s.
      refreshOn: ['readings'],
      refreshGapMs: 5000,
      beforeRefresh: () => setNowMs(Date.now()),
    },
  );
  const columns = useMemo(() => (chart.data ? toChartColumns(chart.data, unit) : null), [chart.data, unit]);
  const stats = chart.data?.stats ?? null;
  const humidity = chart.data?.humidityStats ?? null;
  const hasPoints = !!chart.data && chart.data.points.length > 0;
  const chartName = valid
    ? `Chart of ${sensor.name} readings, ${range.label}: ${
        stats
          ? `lowest ${formatTemperature(stats.minCentiC, unit)}, highest ${formatTemperature(stats.maxCentiC, unit)}, average ${formatTemperature(stats.avgCentiC, unit)}`
          : 'no readings'
      }${
        humidity
          ? `; humidity lowest ${formatHumidity(humidity.minCentiPct)}, highest ${formatHumidity(humidity.maxCentiPct)}, average ${formatHumidity(humidity.avgCentiPct)}`
          : ''
      }`
    : `Chart of ${sensor.name} readings`;

  return (
    <Stack gap="sm">
      <Group gap="md" align="flex-end" wrap="wrap">
        <Stack gap={4}>
          <Text size="sm" fw={500} id={`${summaryId}-range`}>
            Time range
          </Text>
          <SegmentedControl
            aria-labelledby={`${summaryId}-range`}
            data={RANGE_OPTIONS}
            value={preset}
            onChange={(value) => {
              const now = Date.now();
              setNowMs(now);
              if (value === 'custom' && !fromDay && !toDay) {
                setFromDay(dayInZone(now - 6 * 86_400_000, timeZone));
                setToDay(dayInZone(now, timeZone));
              }
              setPreset(value as RangePreset);
            }}
          />
        </Stack>
        {preset === 'custom' && (
          <>
            <DateField label="From" value={fromDay} onChange={setFromDay} w={170} />
            <DateField label="To" value={toDay} onChange={setToDay} w={170} />
          </>
        )}
        <ExportReadingsButton sensorId={sensor.id} range={valid ? { fromMs: range.fromMs, toMs: range.toMs } : null} />
        <Group gap={6} mb={8} aria-live="polite">
          {chart.loading && <Loader size="xs" aria-hidden="true" />}
          <Text size="sm" c="dimmed">
            {chart.loading ? 'Loading readings…' : chart.data ? `Each point: ${bucketText(chart.data.bucketMs)}` : ''}
          </Text>
        </Group>
      </Group>
      {!valid && <ErrorAlert error={range.error} />}
      <ErrorAlert error={chart.error} />
      <div className="opsflow-chart-layout">
        <Box ref={sizeRef} pos="relative" mih={CHART_HEIGHT} style={{ minWidth: 0 }}>
          <div role="img" aria-label={chartName} aria-describedby={summaryId}>
            {columns && buckets > 0 && (
              <ReadingsChart
                data={columns}
                humidity={humidity !== null}
                unit={unit}
                timeZone={timeZone}
                time={time}
                fromMs={valid ? range.fromMs : 0}
                toMs={valid ? range.toMs : 1}
                width={width}
                height={CHART_HEIGHT}
              />
            )}
          </div>
          {chart.data && !hasPoints && (
            <Text size="sm" pos="absolute" top={CHART_HEIGHT / 2 - 10} left={0} right={0} ta="center">
              No readings in this range.
            </Text>
          )}
        </Box>
        <Box component="section" aria-labelledby={`${summaryId}-title`} id={summaryId}>
          <Text fw={600} size="sm" id={`${summaryId}-title`} mb={4}>
            Summary of the range
          </Text>
          <dl className="opsflow-facts">
            <dt>Range</dt>
            <dd>{valid ? range.label : '—'}</dd>
            <dt>From</dt>
            <dd>{valid ? time.dateTime(range.fromMs, timeZone) : '—'}</dd>
            <dt>To</dt>
            <dd>{valid ? time.dateTime(range.toMs, timeZone) : '—'}</dd>
            <dt>Lowest</dt>
            <dd>{stats ? formatTemperature(stats.minCentiC, unit) : '—'}</dd>
            <dt>Highest</dt>
            <dd>{stats ? formatTemperature(stats.maxCentiC, unit) : '—'}</dd>
            <dt>Average</dt>
            <dd>{stats ? formatTemperature(stats.avgCentiC, unit) : '—'}</dd>
            <dt>Readings</dt>
            <dd>{stats ? formatCount(stats.count) : chart.data ? 'None' : '—'}</dd>
            {humidity && (
              <>
                <dt>Lowest humidity</dt>
                <dd>{formatHumidity(humidity.minCentiPct)}</dd>
                <dt>Highest humidity</dt>
                <dd>{formatHumidity(humidity.maxCentiPct)}</dd>
                <dt>Average humidity</dt>
                <dd>{formatHumidity(humidity.avgCentiPct)}</dd>
              </>
            )}
          </dl>
          <Text size="xs" c="dimmed" mt={6}>
            The band shows the lowest and highest reading of each point, the line their average.
            {humidity && ' The dashed line is the average humidity, on the right-hand axis.'}
          </Text>
        </Box>
      </div>
    </Stack>
  );
}
