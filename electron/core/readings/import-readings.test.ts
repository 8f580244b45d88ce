import { afterEach, describe, expect, it } from 'vitest';
import { FACT_BATCHES_MAP } from '../../../domain/sync/fact-batch';
import { logDocName } from '../../../domain/sync/doc-names';
import { ensureSensor, updateSensor } from '../sensors/sensors';
import { openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';
import type { Engine } from '../engine';
import { chartSeries } from './chart-query';
import { importReadings, type RawReading } from './import-readings';

const MINUTE = 60_000;
const start = Date.UTC(2026, 0, 1);

function minuteSeries(count: number, fromMs = start): RawReading[] {
  return Array.from({ length: count }, (_, i) => ({ atMs: fromMs + i * MINUTE, rawCentiC: 300 + Math.round(150 * Math.sin(i / 90)) }));
}

let engine: Engine;
let cleanup: () => void;
afterEach(() => {
  engine?.close();
  cleanup?.();
});

async function withSensor() {
  const dir = tempDataDir();
  cleanup = dir.cleanup;
  engine = await openTestEngine({ dataDir: dir.dir });
  await setUpOrganization(engine);
  const ctx = engine.context;
  const sensorId = ensureSensor(ctx, { deviceSerial: 'RC4-0001', deviceFamily: 'elitech', channel: 'internal' }, { name: 'Walk-in cooler' });
  return { ctx, sensorId };
}

describe('storing readings', () => {
  it('re-downloading a logger adds no readings', async () => {
    const { ctx, sensorId } = await withSensor();
    const first = importReadings(ctx, sensorId, 'download', minuteSeries(2000));
    expect(first).toEqual({ added: 2000, alreadyThere: 0 });
    const again = importReadings(ctx, sensorId, 'download', minuteSeries(2100));
    expect(again).toEqual({ added: 100, alreadyThere: 2000 });
    expect(ctx.sqlite.prepare('SELECT COUNT(*) FROM readings').pluck().get()).toBe(2100);
  });

  it('applies the sensor calibration offset and keeps the raw value beside it', async () => {
    const { ctx, sensorId } = await withSensor();
    updateSensor(ctx, sensorId, { calibrationOffsetCentiC: -50 });
    importReadings(ctx, sensorId, 'live', [{ atMs: start, rawCentiC: 412 }]);
    expect(ctx.sqlite.prepare('SELECT temp_centi_c, raw_centi_c FROM readings').get()).toEqual({ temp_centi_c: 362, raw_centi_c: 412 });
  });

  it('files readings as one packed batch per month in that month’s log document', async () => {
    const { ctx, sensorId } = await withSensor();
    const id = ctx.identity()!;
    const acrossMonths = minuteSeries(3000, Date.UTC(2026, 0, 31, 12));
    importReadings(ctx, sensorId, 'download', acrossMonths);
    const jan = ctx.docs.get(logDocName(id.tenantId, id.homeLocationId, Date.UTC(2026, 0, 15))).getMap(FACT_BATCHES_MAP);
    const feb = ctx.docs.get(logDocName(id.tenantId, id.homeLocationId, Date.UTC(2026, 1, 15))).getMap(FACT_BATCHES_MAP);
    expect(jan.size).toBe(1);
    expect(feb.size).toBe(1);
    const bytes = [...jan.values(), ...feb.values()].reduce<number>((n, b) => n + (b as Uint8Array).length, 0);
    expect(bytes / 3000).toBeLessThanOrEqual(2);
  });

  it('sorts readings that arrive out of order and drops repeated times before filing them by month', async () => {
    const { ctx, sensorId } = await withSensor();
    const id = ctx.identity()!;
    const series = minuteSeries(3000, Date.UTC(2026, 0, 31, 12));
    const shuffled = [...series.slice(1500), ...series.slice(0, 1500).reverse(), series[10]!, series[2000]!];
    expect(importReadings(ctx, sensorId, 'download', shuffled)).toEqual({ added: 3000, alreadyThere: 2 });
    for (const month of [0, 1]) {
      expect(ctx.docs.get(logDocName(id.tenantId, id.homeLocationId, Date.UTC(2026, month, 15))).getMap(FACT_BATCHES_MAP).size).toBe(1);
    }
    const stored = ctx.sqlite.prepare('SELECT at_ms AS atMs, raw_centi_c AS rawCentiC FROM readings ORDER BY at_ms').all();
    expect(stored).toEqual(series);
    expect(ctx.sqlite.prepare('SELECT SUM(count) FROM reading_rollups').pluck().get()).toBe(3000);
  });

  it('keeps hourly rollups that agree with the raw readings', async () => {
    const { ctx, sensorId } = await withSensor();
    importReadings(ctx, sensorId, 'download', minuteSeries(24 * 60));
    importReadings(ctx, sensorId, 'download', minuteSeries(24 * 60 + 30)); // overlapping re-download
    const rollups = ctx.sqlite.prepare('SELECT hour_ms, min_centi_c, max_centi_c, sum_centi_c, count FROM reading_rollups ORDER BY hour_ms').all();
    const raw = ctx.sqlite
      .prepare(
        `SELECT (at_ms / 3600000) * 3600000 AS hour_ms, MIN(temp_centi_c) AS min_centi_c, MAX(temp_centi_c) AS max_centi_c,
                SUM(temp_centi_c) AS sum_centi_c, COUNT(*) AS count FROM readings GROUP BY 1 ORDER BY 1`,
      )
      .all();
    expect(rollups).toEqual(raw);
  });

  it('charts a long range from rollups and a short one from raw rows, never more points than buckets', async () => {
    const { ctx, sensorId } = await withSensor();
    importReadings(ctx, sensorId, 'download', minuteSeries(7 * 24 * 60));
    const week = chartSeries(ctx.sqlite, sensorId, start, start + 7 * 24 * 3600_000, 100);
    expect(week.source).toBe('rollups');
    expect(week.points.length).toBeLessThanOrEqual(100);
    const hour = chartSeries(ctx.sqlite, sensorId, start, start + 3600_000, 600);
    expect(hour.source).toBe('raw');
    expect(hour.points).toHaveLength(60);
    const all = ctx.sqlite.prepare('SELECT MIN(temp_centi_c) AS mn, MAX(temp_centi_c) AS mx FROM readings').get() as { mn: number; mx: number };
    expect(week.stats).toMatchObject({ minCentiC: all.mn, maxCentiC: all.mx, count: 7 * 24 * 60 });
  });
});
