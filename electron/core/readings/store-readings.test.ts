import { afterEach, describe, expect, it } from 'vitest';
import { FACT_BATCHES_MAP } from '../../../domain/sync/fact-batch';
import { logDocName } from '../../../domain/sync/doc-names';
import { ensureSensor, updateSensor } from '../sensors/sensors';
import { openTestEngine, setUpOrganization, tempDataDir } from '../testing/test-engine';
import type { Engine } from '../engine';
import { chartSeries } from './chart-query';
import { hexToBytes } from '../../../domain/devices/hex';
import { decodeReadingsBatch, encodeReadingsBatch } from '../../../domain/readings/readings-batch';
import { READING_JUDGES, type ReadingJudge } from './reading-judges';
import { storeReadings, type RawReading } from './store-readings';

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
    const first = storeReadings(ctx, sensorId, 'download', minuteSeries(2000));
    expect(first).toEqual({ added: 2000, alreadyThere: 0 });
    const again = storeReadings(ctx, sensorId, 'download', minuteSeries(2100));
    expect(again).toEqual({ added: 100, alreadyThere: 2000 });
    expect(ctx.sqlite.prepare('SELECT COUNT(*) FROM readings').pluck().get()).toBe(2100);
  });

  it('applies the sensor calibration offset and keeps the raw value beside it', async () => {
    const { ctx, sensorId } = await withSensor();
    updateSensor(ctx, sensorId, { calibrationOffsetCentiC: -50 });
    storeReadings(ctx, sensorId, 'live', [{ atMs: start, rawCentiC: 412 }]);
    expect(ctx.sqlite.prepare('SELECT temp_centi_c, raw_centi_c FROM readings').get()).toEqual({ temp_centi_c: 362, raw_centi_c: 412 });
  });

  it('files readings as one packed batch per month in that month’s log document', async () => {
    const { ctx, sensorId } = await withSensor();
    const id = ctx.identity()!;
    const acrossMonths = minuteSeries(3000, Date.UTC(2026, 0, 31, 12));
    storeReadings(ctx, sensorId, 'download', acrossMonths);
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
    expect(storeReadings(ctx, sensorId, 'download', shuffled)).toEqual({ added: 3000, alreadyThere: 2 });
    for (const month of [0, 1]) {
      expect(ctx.docs.get(logDocName(id.tenantId, id.homeLocationId, Date.UTC(2026, month, 15))).getMap(FACT_BATCHES_MAP).size).toBe(1);
    }
    const stored = ctx.sqlite.prepare('SELECT at_ms AS atMs, raw_centi_c AS rawCentiC FROM readings ORDER BY at_ms').all();
    expect(stored).toEqual(series);
    expect(ctx.sqlite.prepare('SELECT SUM(count) FROM reading_rollups').pluck().get()).toBe(3000);
  });

  it('keeps hourly rollups that agree with the raw readings', async () => {
    const { ctx, sensorId } = await withSensor();
    storeReadings(ctx, sensorId, 'download', minuteSeries(24 * 60));
    storeReadings(ctx, sensorId, 'download', minuteSeries(24 * 60 + 30)); // overlapping re-download
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
    storeReadings(ctx, sensorId, 'download', minuteSeries(7 * 24 * 60));
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

describe('humidity and reading flags', () => {
  it('stores humidity in the same row as the temperature, and rolls it up apart: some readings have none', async () => {
    const { ctx, sensorId } = await withSensor();
    const readings = minuteSeries(120).map((r, i) => ({ ...r, humidityCentiPct: i % 3 === 0 ? null : 6000 + i }));
    expect(storeReadings(ctx, sensorId, 'download', readings)).toEqual({ added: 120, alreadyThere: 0 });
    const rows = ctx.sqlite.prepare('SELECT at_ms AS atMs, humidity_centi_pct AS h, flags FROM readings ORDER BY at_ms').all() as { atMs: number; h: number | null; flags: number }[];
    expect(rows.map((r) => r.h)).toEqual(readings.map((r) => r.humidityCentiPct));
    expect(rows.every((r) => r.flags === 0)).toBe(true);
    const rollups = ctx.sqlite.prepare('SELECT count, min_humidity_centi_pct AS mn, max_humidity_centi_pct AS mx, sum_humidity_centi_pct AS s, humidity_count AS n FROM reading_rollups ORDER BY hour_ms').all();
    const humidityOf = (from: number) => readings.slice(from, from + 60).flatMap((r) => (r.humidityCentiPct === null ? [] : [r.humidityCentiPct]));
    expect(rollups).toEqual([
      { count: 60, mn: 6001, mx: 6059, s: sum(humidityOf(0)), n: 40 },
      { count: 60, mn: 6061, mx: 6119, s: sum(humidityOf(60)), n: 40 },
    ]);
  });

  it('the reading judges mark the new readings, calibrated, as they are stored: the marks go into the batch and the rows', async () => {
    const { ctx, sensorId } = await withSensor();
    updateSensor(ctx, sensorId, { calibrationOffsetCentiC: -100 });
    const seen: number[][] = [];
    // Bits above HACCP's own (domain/haccp/verdict.ts has bits 0–18).
    const WARM = 1 << 20;
    const HUMID = 1 << 21;
    const tooWarm: ReadingJudge = {
      name: 'too warm',
      judge: (_store, sensor, r) => {
        expect(sensor).toEqual({ id: sensorId, locationId: ctx.identity()!.homeLocationId });
        seen.push([...r.tempCentiC]);
        return r.tempCentiC.map((t) => (t > 400 ? WARM : 0));
      },
    };
    const tooHumid: ReadingJudge = { name: 'too humid', judge: (_store, _sensor, r) => r.humidityCentiPct!.map((h) => (h !== null && h > 9000 ? HUMID : 0)) };
    const quiet: ReadingJudge = { name: 'quiet', judge: () => null };
    const judges = [tooWarm, tooHumid, quiet];
    const at = (i: number) => start + i * MINUTE;
    const readings = [
      { atMs: at(0), rawCentiC: 450, humidityCentiPct: 8000 }, // 3.50 °C after calibration
      { atMs: at(1), rawCentiC: 520, humidityCentiPct: 9100 },
      { atMs: at(2), rawCentiC: 530, humidityCentiPct: 8000 },
      { atMs: at(3), rawCentiC: 300, humidityCentiPct: 9500 },
    ];
    storeReadings(ctx, sensorId, 'download', readings.slice(0, 2), judges);
    storeReadings(ctx, sensorId, 'download', readings, judges);
    expect(seen).toEqual([[350, 420], [430, 200]]);
    expect(ctx.sqlite.prepare('SELECT flags FROM readings ORDER BY at_ms').pluck().all()).toEqual([0, WARM | HUMID, WARM, HUMID]);

    const id = ctx.identity()!;
    const batches = [...ctx.docs.get(logDocName(id.tenantId, id.homeLocationId, start)).getMap<Uint8Array>(FACT_BATCHES_MAP).values()].map(decodeReadingsBatch);
    expect(batches.map((b) => b.flags).sort()).toEqual([[0, WARM | HUMID], [WARM, HUMID]]);
    // HACCP's limits are the one rule registered (a sensor watching no unit is not marked by it).
    expect(READING_JUDGES.map((j) => j.name)).toEqual(['haccp limits']);
  });

  it('a judge that answers for the wrong number of readings stores nothing', async () => {
    const { ctx, sensorId } = await withSensor();
    const broken: ReadingJudge = { name: 'broken', judge: () => [1] };
    expect(() => storeReadings(ctx, sensorId, 'live', minuteSeries(3), [broken])).toThrow(/could not judge/);
    expect(ctx.sqlite.prepare('SELECT COUNT(*) FROM readings').pluck().get()).toBe(0);
  });

  it('leaves out humidity no sensor can measure, and keeps the temperature it came with', async () => {
    const { ctx, sensorId } = await withSensor();
    storeReadings(ctx, sensorId, 'live', [
      { atMs: start, rawCentiC: 412, humidityCentiPct: 65_535 * 10 },
      { atMs: start + MINUTE, rawCentiC: 413, humidityCentiPct: 5000 },
    ]);
    expect(ctx.sqlite.prepare('SELECT temp_centi_c AS t, humidity_centi_pct AS h FROM readings ORDER BY at_ms').all()).toEqual([
      { t: 412, h: null },
      { t: 413, h: 5000 },
    ]);
  });

  it('charts humidity beside temperature, from rollups and from raw rows; null where a bucket has none', async () => {
    const { ctx, sensorId } = await withSensor();
    // Two days: humidity only on the second.
    const readings = minuteSeries(2 * 24 * 60).map((r, i) => ({ ...r, humidityCentiPct: i < 24 * 60 ? null : 7000 + ((i - 24 * 60) % 100) }));
    storeReadings(ctx, sensorId, 'download', readings);
    const days = chartSeries(ctx.sqlite, sensorId, start, start + 2 * 24 * 3600_000, 48);
    expect(days.source).toBe('rollups');
    expect(days.points).toHaveLength(48);
    expect(days.points.slice(0, 24).every((p) => p.humidity === null)).toBe(true);
    expect(days.points.slice(24).every((p) => p.humidity !== null && p.humidity.count === 60)).toBe(true);
    expect(days.points[24]!.humidity).toEqual({ minCentiPct: 7000, maxCentiPct: 7059, avgCentiPct: 7030, count: 60 });
    expect(days.humidityStats).toEqual({ minCentiPct: 7000, maxCentiPct: 7099, avgCentiPct: expect.any(Number), count: 24 * 60 });

    const hour = chartSeries(ctx.sqlite, sensorId, start + 24 * 3600_000, start + 25 * 3600_000, 6);
    expect(hour.source).toBe('raw');
    expect(hour.points[0]!.humidity).toEqual({ minCentiPct: 7000, maxCentiPct: 7009, avgCentiPct: 7005, count: 10 });
    expect(chartSeries(ctx.sqlite, sensorId, start, start + 3600_000, 6).humidityStats).toBeNull();
  });
});

describe('the readings projection', () => {
  it('still projects a version-1 batch stored in a document before batches had a version byte', async () => {
    const { ctx } = await withSensor();
    const id = ctx.identity()!;
    // Encoded by the version-1 code (commit 16b60ef): four download readings of sensor s-0190a1b2c3d4.
    const v1 = hexToBytes('02010e732d30313930613162326333643401010480d8ddddf865c0a907f31c3c089403c10c80d30e7c745b5b');
    const t0 = Date.UTC(2025, 6, 1, 12);
    ctx.docs.change(logDocName(id.tenantId, id.homeLocationId, t0), (doc) => doc.getMap<Uint8Array>(FACT_BATCHES_MAP).set('v1-batch', v1));
    expect(ctx.sqlite.prepare("SELECT at_ms, temp_centi_c, raw_centi_c, source, humidity_centi_pct, flags FROM readings WHERE sensor_id = 's-0190a1b2c3d4'").all()).toEqual(
      [
        [t0, -1850, -1820],
        [t0 + 60_000, -1849, -1819],
        [t0 + 120_000, -1900, -1870],
        [t0 + 300_000, -1700, -1670],
      ].map(([at_ms, temp_centi_c, raw_centi_c]) => ({ at_ms, temp_centi_c, raw_centi_c, source: 1, humidity_centi_pct: null, flags: 0 })),
    );
    expect(ctx.sqlite.prepare("SELECT count, min_centi_c, humidity_count FROM reading_rollups WHERE sensor_id = 's-0190a1b2c3d4'").get()).toEqual({
      count: 4,
      min_centi_c: -1900,
      humidity_count: 0,
    });
  });

  it('counts a reading once in the rollups when overlapping batches arrive (two PCs downloaded the same logger)', async () => {
    const { ctx, sensorId } = await withSensor();
    const id = ctx.identity()!;
    const log = (b: Uint8Array) =>
      ctx.docs.change(logDocName(id.tenantId, id.homeLocationId, start), (doc) => doc.getMap<Uint8Array>(FACT_BATCHES_MAP).set(`batch-${b.length}-${b[b.length - 1]}`, b));
    const series = minuteSeries(3 * 60).map((r, i) => ({ ...r, humidityCentiPct: 5000 + i }));
    const batchOf = (from: number, to: number) => {
      const part = series.slice(from, to);
      return encodeReadingsBatch({
        sensorId,
        source: 'download',
        atMs: part.map((r) => r.atMs),
        tempCentiC: part.map((r) => r.rawCentiC),
        rawCentiC: part.map((r) => r.rawCentiC),
        humidityCentiPct: part.map((r) => r.humidityCentiPct),
      });
    };
    // Neither PC knew of the other's batch, so both went into the log whole.
    log(batchOf(0, 120));
    log(batchOf(60, 180));
    log(batchOf(30, 150));
    expect(ctx.sqlite.prepare('SELECT COUNT(*) FROM readings').pluck().get()).toBe(180);
    const rollups = ctx.sqlite
      .prepare('SELECT hour_ms, min_centi_c, max_centi_c, sum_centi_c, count, min_humidity_centi_pct, max_humidity_centi_pct, sum_humidity_centi_pct, humidity_count FROM reading_rollups ORDER BY hour_ms')
      .all();
    const fromRows = ctx.sqlite
      .prepare(
        `SELECT (at_ms / 3600000) * 3600000 AS hour_ms, MIN(temp_centi_c) AS min_centi_c, MAX(temp_centi_c) AS max_centi_c, SUM(temp_centi_c) AS sum_centi_c, COUNT(*) AS count,
                MIN(humidity_centi_pct) AS min_humidity_centi_pct, MAX(humidity_centi_pct) AS max_humidity_centi_pct,
                SUM(humidity_centi_pct) AS sum_humidity_centi_pct, COUNT(humidity_centi_pct) AS humidity_count
           FROM readings GROUP BY 1 ORDER BY 1`,
      )
      .all();
    expect(rollups).toEqual(fromRows);
    expect(rollups.map((r) => (r as { count: number }).count)).toEqual([60, 60, 60]);
  });
});

function sum(values: number[]): number {
  return values.reduce((s, v) => s + v, 0);
}
