import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { detectRuns, type FlaggedReading } from '../../../domain/haccp/excursions';
import { verdictOf } from '../../../domain/haccp/verdict';
import type { Engine } from '../engine';
import { storeReadings } from '../readings/store-readings';
import { ensureSensor } from '../sensors/sensors';
import { addUser, auditActions, call, dataSnapshot, failure, openTestEngine, setUpOrganization, tempDataDir, testClock } from '../testing/test-engine';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 22, 2, 0);

let engine: Engine;
let cleanup: () => void;
afterEach(() => {
  engine?.close();
  cleanup?.();
});

async function openHaccp() {
  const dir = tempDataDir();
  cleanup = dir.cleanup;
  const clock = testClock(T0 + 24 * 60 * MINUTE);
  engine = await openTestEngine({ dataDir: dir.dir, now: clock.now });
  const admin = await setUpOrganization(engine);
  const ctx = engine.context;
  const sensorId = ensureSensor(ctx, { deviceSerial: 'RC4-0001', deviceFamily: 'elitech', channel: 'internal' }, { name: 'Walk-in logger', unitLabel: 'Walk-in cooler' });
  return { ctx, admin, token: admin.token, sensorId, clock };
}

/** One reading a minute from `fromMs`, temperatures in hundredths of a °C. */
function minutes(temps: number[], fromMs = T0) {
  return temps.map((rawCentiC, i) => ({ atMs: fromMs + i * MINUTE, rawCentiC }));
}

describe('monitored units and their limits', () => {
  it('a new unit gets the Food Code default limit for its type and a 30-minute alarm delay', async () => {
    const { token } = await openHaccp();
    const cooler = await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler' }, token);
    const freezer = await call(engine, 'haccp.addUnit', { name: 'Freezer', type: 'freezer' }, token);
    const hot = await call(engine, 'haccp.addUnit', { name: 'Steam table', type: 'hot-holding' }, token);
    expect([cooler, freezer, hot].map((u) => [u.limitKind, u.limitCentiC, u.defaultLimit, u.alarmDelayMin])).toEqual([
      ['max', 500, true, 30],
      ['max', -1800, true, 30],
      ['min', 5700, true, 30],
    ]);
    expect((await call(engine, 'haccp.listUnits', {}, token)).map((u) => u.name)).toEqual(['Freezer', 'Steam table', 'Walk-in']);
  });

  it('refuses an alarm delay or limit out of range with a sentence, and changes nothing', async () => {
    const { token } = await openHaccp();
    const unit = await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler' }, token);
    const before = dataSnapshot(engine);
    for (const bad of [{ alarmDelayMin: 181 }, { alarmDelayMin: -1 }, { alarmDelayMin: 2.5 }, { limitCentiC: 10_001 }]) {
      const result = await engine.dispatch({ method: 'haccp.updateUnit', input: { unitId: unit.id, ...bad }, token });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.message).toMatch(/alarm delay is 0 to 180 minutes|critical limit is -40.00 to \+100.00 °C/);
    }
    expect(await failure(engine, 'haccp.addUnit', { name: 'X', type: 'wine-cellar' }, token)).toBe('BAD_INPUT');
    expect(dataSnapshot(engine)).toBe(before);
  });

  it('a limit override is audited as a high-risk change, and null puts the default back', async () => {
    const { token } = await openHaccp();
    const unit = await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler' }, token);
    expect(await call(engine, 'haccp.updateUnit', { unitId: unit.id, limitCentiC: 400, alarmDelayMin: 0 }, token)).toMatchObject({ limitCentiC: 400, defaultLimit: false, alarmDelayMin: 0 });
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'haccp.updateUnit', risk: 'HIGH', summary: 'Changed unit "Walk-in": limit at most 5.00 °C → at most 4.00 °C, alarm delay 30 min → 0 min' });
    expect(await call(engine, 'haccp.updateUnit', { unitId: unit.id, limitCentiC: null }, token)).toMatchObject({ limitCentiC: 500, defaultLimit: true });
  });

  it('only compliance officers, organization admins and location managers set limits; staff and managers may not', async () => {
    const { token, ctx } = await openHaccp();
    const unit = await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler' }, token);
    const staff = await addUser(engine, token, { username: 'sam', role: 'STAFF' });
    const shiftLead = await addUser(engine, token, { username: 'max', role: 'MANAGER' });
    const officer = await addUser(engine, token, { username: 'otto', role: 'COMPLIANCE_OFFICER' });
    const locManager = await addUser(engine, token, { username: 'lena', role: 'LOCATION_MANAGER' });
    const before = dataSnapshot(engine);
    expect(await failure(engine, 'haccp.updateUnit', { unitId: unit.id, limitCentiC: 800 }, staff.session.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'haccp.updateUnit', { unitId: unit.id, limitCentiC: 800 }, shiftLead.session.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'haccp.addUnit', { name: 'Sneaky', type: 'freezer' }, staff.session.token)).toBe('FORBIDDEN');
    expect(dataSnapshot(engine)).toBe(before);
    await call(engine, 'haccp.updateUnit', { unitId: unit.id, alarmDelayMin: 45 }, officer.session.token);
    await call(engine, 'haccp.updateUnit', { unitId: unit.id, alarmDelayMin: 60 }, locManager.session.token);
    // Staff still record by hand and see the unit.
    expect(await call(engine, 'haccp.recordReading', { unitId: unit.id, tempCentiC: 320 }, staff.session.token)).toMatchObject({ inRange: true, limitCentiC: 500 });
    expect((await call(engine, 'haccp.listUnits', {}, staff.session.token))[0]!.alarmDelayMin).toBe(60);
    void ctx;
  });

  it('a location manager cannot touch a unit of a restaurant not granted to them', async () => {
    const { token } = await openHaccp();
    const uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '', timeZone: 'America/New_York', temperatureUnit: 'F' }, token);
    const there = await call(engine, 'haccp.addUnit', { name: 'Uptown walk-in', type: 'walk-in-cooler', locationId: uptown.id }, token);
    const locManager = await addUser(engine, token, { username: 'lena', role: 'LOCATION_MANAGER' });
    expect(await failure(engine, 'haccp.updateUnit', { unitId: there.id, limitCentiC: 900 }, locManager.session.token)).toBe('NOT_FOUND');
    expect(await failure(engine, 'haccp.addUnit', { name: 'Mine now', type: 'freezer', locationId: uptown.id }, locManager.session.token)).toBe('NOT_FOUND');
    expect(await call(engine, 'haccp.listUnits', {}, locManager.session.token)).toEqual([]);
    expect(auditActions(engine).filter((a) => a.action === 'security.permissionDenied' || a.summary.startsWith('Refused')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('sensors watching units', () => {
  it('a sensor labelled with a unit’s name before units existed watches that unit once it is added', async () => {
    const { token, sensorId } = await openHaccp();
    const unit = await call(engine, 'haccp.addUnit', { name: 'walk-in cooler', type: 'walk-in-cooler' }, token);
    expect(unit.sensors).toEqual([{ id: sensorId, name: 'Walk-in logger' }]);
    expect(auditActions(engine).at(-1)!.summary).toBe('Added walk-in cooler "walk-in cooler": limit at most 5.00 °C (Food Code default), alarm after 30 min; watched by "Walk-in logger" (labelled "walk-in cooler")');
    // Another unit of another name takes nobody's sensor.
    expect((await call(engine, 'haccp.addUnit', { name: 'Freezer', type: 'freezer' }, token)).sensors).toEqual([]);
  });

  it('refuses to assign a sensor to a unit at another location', async () => {
    const { token, sensorId } = await openHaccp();
    const uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '', timeZone: 'America/New_York', temperatureUnit: 'F' }, token);
    const there = await call(engine, 'haccp.addUnit', { name: 'Uptown walk-in', type: 'walk-in-cooler', locationId: uptown.id }, token);
    expect(await failure(engine, 'haccp.assignSensor', { sensorId, unitId: there.id }, token)).toBe('BAD_INPUT');
  });
});

describe('verdicts fixed when readings are stored', () => {
  it('each reading keeps the limit it was judged against: changing the limit later rewrites nothing', async () => {
    const { token, ctx, sensorId } = await openHaccp();
    const unit = await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler' }, token);
    // Before the sensor watches a unit, its readings carry no verdict.
    storeReadings(ctx, sensorId, 'download', minutes([900], T0 - MINUTE));
    await call(engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, token);
    storeReadings(ctx, sensorId, 'download', minutes([400, 500, 501]));
    await call(engine, 'haccp.updateUnit', { unitId: unit.id, limitCentiC: 300 }, token);
    storeReadings(ctx, sensorId, 'download', minutes([400], T0 + 3 * MINUTE));
    const verdicts = (ctx.sqlite.prepare('SELECT flags FROM readings WHERE sensor_id = ? ORDER BY at_ms').pluck().all(sensorId) as number[]).map(verdictOf);
    expect(verdicts).toEqual([
      null,
      { inRange: true, limit: { kind: 'max', limitCentiC: 500 } },
      { inRange: true, limit: { kind: 'max', limitCentiC: 500 } },
      { inRange: false, limit: { kind: 'max', limitCentiC: 500 } },
      { inRange: false, limit: { kind: 'max', limitCentiC: 300 } },
    ]);
  });

  it('a reading typed in by hand is a reading with source "manual", judged like any other', async () => {
    const { token, ctx } = await openHaccp();
    const unit = await call(engine, 'haccp.addUnit', { name: 'Steam table', type: 'hot-holding' }, token);
    expect(await call(engine, 'haccp.recordReading', { unitId: unit.id, tempCentiC: 5650, atMs: T0 }, token)).toMatchObject({ inRange: false, limitCentiC: 5700 });
    expect(ctx.sqlite.prepare('SELECT source, temp_centi_c FROM readings').get()).toEqual({ source: 3, temp_centi_c: 5650 });
    expect(await failure(engine, 'haccp.recordReading', { unitId: unit.id, tempCentiC: 99_999 }, token)).toBe('BAD_INPUT');
    expect((await call(engine, 'haccp.listUnits', {}, token))[0]!.sensors.map((s) => s.name)).toEqual(['Steam table (hand probe)']);
  });
});

describe('excursions', () => {
  it('a download revealing last night’s warm walk-in lists one excursion, its peak and limit; a brief door opening lists none', async () => {
    const { token, ctx, sensorId } = await openHaccp();
    const unit = await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler' }, token);
    await call(engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, token);
    const night = [400, 600, 650, 400, ...Array(40).fill(800).map((t, i) => t + i), 450, 420];
    // Live readings first (only every 10 minutes), the logger's full download hours later.
    storeReadings(ctx, sensorId, 'live', minutes(night).filter((_, i) => i % 10 === 0));
    storeReadings(ctx, sensorId, 'download', minutes(night));
    const list = await call(engine, 'haccp.excursions', {}, token);
    expect(list).toEqual([
      {
        unitId: unit.id,
        unit: 'Walk-in',
        sensorId,
        sensor: 'Walk-in logger',
        locationId: unit.locationId,
        startMs: T0 + 4 * MINUTE,
        endMs: T0 + 44 * MINUTE,
        durationMin: 40,
        peakCentiC: 839,
        limitCentiC: 500,
        limitKind: 'max',
        readings: 40,
        correctiveAction: null,
      },
    ]);
    // With the delay raised past 40 minutes it is a brief out-of-range, not an excursion.
    await call(engine, 'haccp.updateUnit', { unitId: unit.id, alarmDelayMin: 41 }, token);
    expect(await call(engine, 'haccp.excursions', {}, token)).toEqual([]);
    expect(await call(engine, 'haccp.excursions', { fromMs: T0 + 45 * MINUTE }, token)).toEqual([]);
  });

  it('an open excursion has no end and lasts until its latest reading', async () => {
    const { token, ctx, sensorId } = await openHaccp();
    const unit = await call(engine, 'haccp.addUnit', { name: 'Freezer', type: 'freezer', alarmDelayMin: 0 }, token);
    await call(engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, token);
    storeReadings(ctx, sensorId, 'live', minutes([-2000, -1700, -1500]));
    expect(await call(engine, 'haccp.excursions', { unitId: unit.id }, token)).toMatchObject([{ endMs: null, durationMin: 1, peakCentiC: -1500, limitCentiC: -1800 }]);
  });

  it('the runs kept in the database as readings arrive in any order equal detecting them all at once', async () => {
    const { token, ctx, sensorId } = await openHaccp();
    const unit = await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler' }, token);
    await call(engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, token);
    let day = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.integer({ min: 300, max: 700 }), { minLength: 1, maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 60 }),
        fc.integer({ min: 1, max: 12 }),
        async (temps, order, pieceSize) => {
          // Each case on a day of its own, far from the others' readings.
          const fromMs = T0 + ++day * 10 * 24 * 60 * MINUTE;
          const all = minutes(temps, fromMs);
          const shuffled = [...all];
          for (let i = shuffled.length - 1; i > 0; i--) {
            const j = (order[i] ?? 0) % (i + 1);
            [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
          }
          // An in-range reading before the case closes whatever the previous case left open.
          storeReadings(ctx, sensorId, 'live', [{ atMs: fromMs - MINUTE, rawCentiC: 300 }]);
          const toMs = fromMs + temps.length * MINUTE;
          const stored = () =>
            ctx.sqlite
              .prepare('SELECT at_ms AS atMs, temp_centi_c AS tempCentiC, flags FROM readings WHERE sensor_id = ? AND at_ms BETWEEN ? AND ? ORDER BY at_ms')
              .all(sensorId, fromMs, toMs) as FlaggedReading[];
          const kept = () =>
            ctx.sqlite
              .prepare(
                `SELECT start_ms AS startMs, end_ms AS endMs, last_out_ms AS lastOutMs, peak_centi_c AS peakCentiC, limit_centi_c AS limitCentiC,
                        limit_kind AS limitKind, readings FROM haccp_runs WHERE sensor_id = ? AND start_ms BETWEEN ? AND ? ORDER BY start_ms`,
              )
              .all(sensorId, fromMs, toMs);
          for (let i = 0; i < shuffled.length; i += pieceSize) storeReadings(ctx, sensorId, 'download', shuffled.slice(i, i + pieceSize));
          expect(kept()).toEqual(detectRuns(stored()));
          // A reading back in range afterwards closes an open run.
          storeReadings(ctx, sensorId, 'live', [{ atMs: toMs, rawCentiC: 300 }]);
          expect(kept()).toEqual(detectRuns(stored()));
        },
      ),
      { numRuns: 30 },
    );
  });
});
