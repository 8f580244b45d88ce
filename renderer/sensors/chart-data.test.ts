import { describe, expect, it } from 'vitest';
import type { ChartView } from '../../domain/contract/index';
import { toChartColumns } from './chart-data';

const HOUR = 3_600_000;
const point = (atMs: number, avgCentiC: number, humidityAvg: number | null): ChartView['points'][number] => ({
  atMs,
  minCentiC: avgCentiC - 10,
  maxCentiC: avgCentiC + 10,
  avgCentiC,
  count: 60,
  humidity: humidityAvg === null ? null : { minCentiPct: humidityAvg - 50, maxCentiPct: humidityAvg + 50, avgCentiPct: humidityAvg, count: 60 },
});

describe('chart columns', () => {
  it('a temperature-only sensor gets time, lowest, highest and average, as before', () => {
    const chart: ChartView = { source: 'rollups', bucketMs: HOUR, points: [point(0, 400, null), point(HOUR, 500, null)], stats: null, humidityStats: null };
    expect(toChartColumns(chart, 'C')).toEqual([[0, 3600], [3.9, 4.9], [4.1, 5.1], [4, 5]]);
  });

  it('a sensor with humidity gets its average in %RH as a fifth column, null where a bucket has none and across gaps', () => {
    const chart: ChartView = {
      source: 'rollups',
      bucketMs: HOUR,
      points: [point(0, 400, 6250), point(HOUR, 500, null), point(4 * HOUR, 450, 7000)],
      stats: { minCentiC: 390, maxCentiC: 510, avgCentiC: 450, count: 180 },
      humidityStats: { minCentiPct: 6200, maxCentiPct: 7050, avgCentiPct: 6625, count: 120 },
    };
    const columns = toChartColumns(chart, 'C');
    expect(columns).toHaveLength(5);
    expect(columns[0]).toEqual([0, 3600, 7200, 14_400]);
    expect(columns[4]).toEqual([62.5, null, null, 70]);
  });
});
