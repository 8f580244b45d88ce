import { useComputedColorScheme } from '@mantine/core';
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { formatTime } from '../../domain/time/format-time';
import type { TimeFormat } from '../time/time-format';
import { temperatureTicks, tickLabels } from './chart-ticks';
import type { TemperatureUnit } from './temperature';

interface ReadingsChartProps {
  /** [seconds, lowest, highest, average] from toChartColumns, plus average humidity when `humidity`. */
  data: uPlot.AlignedData;
  /** Draw the fifth column, average humidity, as a line on a %RH axis at the right. */
  humidity: boolean;
  unit: TemperatureUnit;
  timeZone: string | undefined;
  /** The reader's clock and date order. */
  time: TimeFormat;
  /** The requested range: the time axis spans all of it, also where there are no readings. */
  fromMs: number;
  toMs: number;
  width: number;
  height: number;
}

/**
 * Line and band colours: blue 8 / blue 3 are above 3:1 against the light and the dark background
 * (WCAG's contrast for graphics), and so are teal 9 / teal 3 for humidity, dashed so it is told
 * apart without colour; axis text uses the page's text colours.
 */
const PALETTE = {
  light: { avg: '#1864ab', band: 'rgba(34, 139, 230, 0.22)', edge: '#4dabf7', humidity: '#087f5b', axis: '#343a40', grid: 'rgba(0, 0, 0, 0.09)' },
  dark: { avg: '#74c0fc', band: 'rgba(116, 192, 252, 0.22)', edge: '#339af0', humidity: '#63e6be', axis: '#c9c9c9', grid: 'rgba(255, 255, 255, 0.1)' },
};

/** Tick labels in the location's zone, the reader's clock and date order, like every other time in OpsFlow. */
function timeTicks(timeZone: string | undefined, time: TimeFormat) {
  return (_u: uPlot, splits: number[], _axis: number, _space: number, incrS: number) =>
    splits.map((s) => {
      const atMs = s * 1000;
      const midnight = formatTime(atMs, { timeZone, clock: '24h', dateStyle: 'iso' }) === '00:00';
      if (!(incrS >= 86_400 || midnight)) return time.time(atMs, timeZone);
      const date = time.date(atMs, timeZone); // "2025-03-01", "01/03/2025": the day and month of it
      return time.dateStyle === 'iso' ? date.slice(5) : date.slice(0, 5);
    });
}

function makeOptions(props: ReadingsChartProps, dark: boolean, latest: { current: ReadingsChartProps }): uPlot.Options {
  const colors = dark ? PALETTE.dark : PALETTE.light;
  const value = (_u: uPlot, v: number | null) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} °${props.unit}`);
  const percent = (_u: uPlot, v: number | null) => (v === null || v === undefined ? '—' : `${v.toFixed(1)} %RH`);
  const axis = { stroke: colors.axis, grid: { stroke: colors.grid, width: 1 }, ticks: { stroke: colors.grid, width: 1 }, font: '12px system-ui, sans-serif' };
  const humidity = props.humidity;
  return {
    width: Math.max(200, props.width),
    height: props.height,
    tzDate: (ts) => (props.timeZone ? uPlot.tzDate(new Date(ts * 1000), props.timeZone) : new Date(ts * 1000)),
    // Read from the ref at every setData, so a new range needs no new chart.
    scales: {
      x: { time: true, range: () => [latest.current.fromMs / 1000, latest.current.toMs / 1000] },
      ...(humidity ? { rh: { range: (_u: uPlot, min: number | null, max: number | null): uPlot.Range.MinMax =>
              // A little room around the values, never beyond what humidity can be.
              min === null || max === null ? [0, 100] : [Math.max(0, Math.floor(min - 5)), Math.min(100, Math.ceil(max + 5))],
          }, } : {}),
    },
    series: [
      { label: 'Time', value: (_u, ts) => (ts === null || ts === undefined ? '—' : props.time.dateTime(ts * 1000, props.timeZone)) },
      { label: 'Lowest', stroke: colors.edge, width: 1, value, points: { show: false } },
      { label: 'Highest', stroke: colors.edge, width: 1, value, points: { show: false } },
      { label: 'Average', stroke: colors.avg, width: 2, value },
      ...(humidity ? [{ label: 'Humidity', scale: 'rh', stroke: colors.humidity, width: 2, dash: [6, 4], value: percent }] : []),
    ],
    bands: [{ series: [2, 1], fill: colors.band }],
    axes: [
      { ...axis, values: timeTicks(props.timeZone, props.time), space: 70 },
      {
        ...axis,
        label: `°${props.unit}`,
        size: 56,
        // Round steps, labelled to their precision: about one tick per 40 px of height.
        splits: (_u, _axis, min, max) => temperatureTicks(min, max, Math.max(3, Math.floor(props.height / 40))).values,
        values: (_u, splits) => tickLabels(splits),
      },
      ...(humidity ? [{ ...axis, scale: 'rh', side: 1, label: '%RH', size: 48, grid: { show: false }, values: (_u: uPlot, splits: number[]) => splits.map((v) => v.toFixed(0)) }] : []),
    ],
    cursor: { drag: { x: false, y: false } },
    legend: { live: true },
  };
}

/**
 * uPlot draws thousands of points on a canvas without breaking a sweat; React only creates it,
 * feeds it new columns and resizes it. It is created again when the unit, zone, theme or whether
 * there is humidity changes, because those are baked into its axes and series.
 */
export function ReadingsChart(props: ReadingsChartProps) {
  const host = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const latest = useRef(props);
  latest.current = props;
  const dark = useComputedColorScheme('light') === 'dark';
  const { unit, timeZone, time, height, data, width, humidity } = props;

  useEffect(() => {
    if (!host.current) return;
    const u = new uPlot(makeOptions(latest.current, dark, latest), latest.current.data, host.current);
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
  }, [unit, timeZone, time, dark, height, humidity]);

  useEffect(() => {
    plot.current?.setData(data);
  }, [data]);

  useEffect(() => {
    plot.current?.setSize({ width: Math.max(200, width), height });
  }, [width, height]);

  return <div ref={host} className="opsflow-readings-chart" />;
}
