import type uPlot from 'uplot';
import type { ChartView } from '../../domain/contract/index';
import { centiPctToPercent } from './humidity';
import { centiCToUnit, type TemperatureUnit } from './temperature';

/**
 * The engine's buckets as uPlot columns: seconds; lowest, highest, average in the user's unit; and,
 * when any reading of the range has humidity, the average humidity in %RH (null in buckets without).
 * Buckets without readings are not sent, so where two points are further apart than a bucket and
 * a half a null row is put between them: the band and the lines break there instead of drawing a
 * straight line over hours when the probe was unplugged.
 */
export function toChartColumns(chart: ChartView, unit: TemperatureUnit): uPlot.AlignedData {
  const withHumidity = chart.humidityStats !== null;
  const xs: number[] = [];
  const lows: (number | null)[] = [];
  const highs: (number | null)[] = [];
  const avgs: (number | null)[] = [];
  const humidity: (number | null)[] = [];
  let previousMs: number | null = null;
  for (const point of chart.points) {
    if (previousMs !== null && point.atMs - previousMs > chart.bucketMs * 1.5) {
      xs.push((previousMs + chart.bucketMs) / 1000);
      lows.push(null);
      highs.push(null);
      avgs.push(null);
      humidity.push(null);
    }
    xs.push(point.atMs / 1000);
    lows.push(centiCToUnit(point.minCentiC, unit));
    highs.push(centiCToUnit(point.maxCentiC, unit));
    avgs.push(centiCToUnit(point.avgCentiC, unit));
    humidity.push(point.humidity ? centiPctToPercent(point.humidity.avgCentiPct) : null);
    previousMs = point.atMs;
  }
  return withHumidity ? [xs, lows, highs, avgs, humidity] : [xs, lows, highs, avgs];
}
