import type uPlot from 'uplot';
import type { ChartView } from '../../domain/contract/index';
import { centiCToUnit, type TemperatureUnit } from './temperature';

/**
 * The engine's buckets as uPlot columns (seconds; lowest, highest, average in the user's unit).
 * Buckets without readings are not sent, so where two points are further apart than a bucket and
 * a half a null row is put between them: the band and the line break there instead of drawing a
 * straight line over hours when the probe was unplugged.
 */
export function toChartColumns(chart: ChartView, unit: TemperatureUnit): uPlot.AlignedData {
  const xs: number[] = [];
  const lows: (number | null)[] = [];
  const highs: (number | null)[] = [];
  const avgs: (number | null)[] = [];
  let previousMs: number | null = null;
  for (const point of chart.points) {
    if (previousMs !== null && point.atMs - previousMs > chart.bucketMs * 1.5) {
      xs.push((previousMs + chart.bucketMs) / 1000);
      lows.push(null);
      highs.push(null);
      avgs.push(null);
    }
    xs.push(point.atMs / 1000);
    lows.push(centiCToUnit(point.minCentiC, unit));
    highs.push(centiCToUnit(point.maxCentiC, unit));
    avgs.push(centiCToUnit(point.avgCentiC, unit));
    previousMs = point.atMs;
  }
  return [xs, lows, highs, avgs];
}
