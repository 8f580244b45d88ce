import { afterEach, describe, expect, it } from 'vitest';
import { decodeCoolingBatch } from '../../../domain/haccp/cooling-facts';
import { centiCFromFahrenheit as F } from '../../../domain/haccp/food-code-temperatures';
import { logDocName } from '../../../domain/sync/doc-names';
import { BATCH_KIND, FACT_BATCHES_MAP, batchKind } from '../../../domain/sync/fact-batch';
import { storeReadings } from '../readings/store-readings';
import { ensureSensor } from '../sensors/sensors';
import { TEST_PASSWORD, addUser, auditActions, call, closeTestEngines, dataSnapshot, failure, freshSetUpEngine } from '../testing/test-engine';

afterEach(closeTestEngines);

const HOUR = 3_600_000;
const MIN = 60_000;

async function kitchen() {
  const { engine, clock, admin } = await freshSetUpEngine();
  await addUser(engine, admin.token, { username: 'sam', role: 'STAFF', displayName: 'Sam Staff' });
  await addUser(engine, admin.token, { username: 'aud', role: 'AUDITOR' });
  const t0 = clock.now();
  /** Moves the clock and signs in again (a cooling log outlasts the idle lock). */
  const staffAt = async (ms: number) => {
    clock.set(ms);
    return (await call(engine, 'auth.signIn', { username: 'sam', password: TEST_PASSWORD })).token;
  };
  return { engine, clock, admin: admin.token, t0, staffAt };
}

describe('cooling logs (3-501.14)', () => {
  it('a stock that reaches 70 °F only at 2 h 1 min fails its 2-hour stage; the log says so and takes a corrective action', async () => {
    const { engine, t0, staffAt } = await kitchen();
    let staff = await staffAt(t0);
    const log = await call(engine, 'cooling.start', { process: 'cooling', food: 'Chicken stock', first: { tempCentiC: F(140), atMs: t0 } }, staff);
    expect(log.verdict.stages.map((s) => [s.name, s.state, s.deadlineMs - t0, s.remainingMs])).toEqual([
      ['70 °F within 2 hours', 'running', 2 * HOUR, 2 * HOUR],
      ['41 °F within 6 hours', 'running', 6 * HOUR, 6 * HOUR],
    ]);

    staff = await staffAt(t0 + HOUR);
    await call(engine, 'cooling.addReading', { logId: log.id, reading: { tempCentiC: F(95), atMs: t0 + HOUR } }, staff);
    staff = await staffAt(t0 + 2 * HOUR);
    const atDeadline = (await call(engine, 'cooling.list', {}, staff))[0]!;
    expect(atDeadline.verdict.stages[0]).toMatchObject({ state: 'running', remainingMs: 0 });

    staff = await staffAt(t0 + 2 * HOUR + MIN);
    const failed = await call(engine, 'cooling.addReading', { logId: log.id, reading: { tempCentiC: F(70), atMs: t0 + 2 * HOUR + MIN } }, staff);
    expect(failed.verdict.state).toBe('failed');
    expect(failed.verdict.stages[0]).toMatchObject({ state: 'failed', reachedAtMs: t0 + 2 * HOUR + MIN });

    const acted = await call(engine, 'cooling.recordAction', { logId: log.id, action: 'reheated', note: 'Reheated to 165 °F and started again' }, staff);
    expect(acted.actions).toEqual([expect.objectContaining({ action: 'reheated', actorName: 'Sam Staff' })]);
    expect(auditActions(engine).filter((a) => a.action.startsWith('cooling.')).map((a) => a.summary)).toEqual([
      'Started a cooling log for "Chicken stock" at 140.0 °F (60.0 °C)',
      'Recorded 95.0 °F (35.0 °C) on the cooling log for "Chicken stock"',
      'Recorded 70.0 °F (21.1 °C) on the cooling log for "Chicken stock"',
      'Corrective action on the cooling log for "Chicken stock": reheated. Note: Reheated to 165 °F and started again',
    ]);

    // Every entry is a fact in the month's log document.
    const id = engine.context.identity()!;
    const batches = [...engine.context.docs.get(logDocName(id.tenantId, id.homeLocationId, t0)).getMap<Uint8Array>(FACT_BATCHES_MAP).values()];
    const facts = batches.filter((b) => batchKind(b) === BATCH_KIND.coolingEvents).flatMap(decodeCoolingBatch);
    expect(facts.map((f) => f.type).sort()).toEqual(['action', 'reading', 'reading', 'reading', 'start']);
  });

  it('exactly 2 h 0 min to 70 °F and 6 h 0 min to 41 °F passes', async () => {
    const { engine, t0, staffAt } = await kitchen();
    let staff = await staffAt(t0);
    const log = await call(engine, 'cooling.start', { process: 'cooling', food: 'Rice', first: { tempCentiC: F(135), atMs: t0 } }, staff);
    staff = await staffAt(t0 + 2 * HOUR);
    await call(engine, 'cooling.addReading', { logId: log.id, reading: { tempCentiC: F(70), atMs: t0 + 2 * HOUR } }, staff);
    staff = await staffAt(t0 + 6 * HOUR);
    const done = await call(engine, 'cooling.addReading', { logId: log.id, reading: { tempCentiC: F(41), atMs: t0 + 6 * HOUR } }, staff);
    expect(done.verdict.state).toBe('passed');
  });

  it('a reading is picked from a sensor’s stored readings, at its exact time', async () => {
    const { engine, t0, staffAt } = await kitchen();
    const sensor = ensureSensor(engine.context, { deviceSerial: 'PROBE-1', deviceFamily: 'temper', channel: 'internal' }, { name: 'Blast chiller' });
    storeReadings(engine.context, sensor, 'live', [{ atMs: t0, rawCentiC: F(150) }, { atMs: t0 + 90 * MIN, rawCentiC: F(65) }]);
    const staff = await staffAt(t0 + 90 * MIN);
    const log = await call(engine, 'cooling.start', { process: 'cooling', food: 'Chili', first: { sensorId: sensor, atMs: t0 } }, staff);
    const next = await call(engine, 'cooling.addReading', { logId: log.id, reading: { sensorId: sensor, atMs: t0 + 90 * MIN } }, staff);
    expect(next.readings.map((r) => [r.tempCentiC, r.sensorId])).toEqual([
      [F(150), sensor],
      [F(65), sensor],
    ]);
    expect(next.verdict.stages[0]).toMatchObject({ state: 'passed' });
    expect(await failure(engine, 'cooling.addReading', { logId: log.id, reading: { sensorId: sensor, atMs: t0 + 1 } }, staff)).toBe('NOT_FOUND');
  });

  it('bad entries are refused with a sentence and change nothing', async () => {
    const { engine, t0, staffAt, admin } = await kitchen();
    const staff = await staffAt(t0);
    const before = dataSnapshot(engine);
    const refusal = async (method: string, input: unknown, token = staff) => {
      const result = await engine.dispatch({ method, input, token });
      expect(dataSnapshot(engine)).toBe(before);
      return result.ok ? null : result.error;
    };
    expect(await refusal('cooling.start', { process: 'cooling', food: 'Soup', first: { tempCentiC: F(135) - 1, atMs: t0 } })).toMatchObject({
      code: 'BAD_INPUT',
      message: expect.stringContaining('135 °F'),
    });
    expect(await refusal('cooling.start', { process: 'cooling', food: 'Soup', first: { tempCentiC: F(150), atMs: t0 + 2 * MIN } })).toMatchObject({ code: 'BAD_INPUT', message: 'A reading cannot be in the future: check the time.' });
    expect(await refusal('cooling.start', { process: 'cooling', food: '', first: { tempCentiC: F(150), atMs: t0 } })).toMatchObject({ code: 'BAD_INPUT' });
    expect(await refusal('cooling.addReading', { logId: 'nope', reading: { tempCentiC: F(60), atMs: t0 } })).toMatchObject({ code: 'NOT_FOUND' });
    const auditor = (await call(engine, 'auth.signIn', { username: 'aud', password: TEST_PASSWORD })).token;
    expect(await refusal('cooling.start', { process: 'cooling', food: 'Soup', first: { tempCentiC: F(150), atMs: t0 } }, auditor)).toMatchObject({ code: 'FORBIDDEN' });

    const log = await call(engine, 'cooling.start', { process: 'cooling', food: 'Soup', first: { tempCentiC: F(150), atMs: t0 } }, admin);
    expect(await failure(engine, 'cooling.addReading', { logId: log.id, reading: { tempCentiC: F(60), atMs: t0 - 1 } }, staff)).toBe('BAD_INPUT');
    expect(await failure(engine, 'cooling.recordAction', { logId: log.id, action: 'other', note: '' }, staff)).toBe('BAD_INPUT');
  });
});

describe('reheating for hot holding (3-403.11)', () => {
  it('165 °F within 2 h passes; a reheating log may start cold', async () => {
    const { engine, t0, staffAt } = await kitchen();
    let staff = await staffAt(t0);
    const log = await call(engine, 'cooling.start', { process: 'reheating', food: 'Chili', first: { tempCentiC: F(38), atMs: t0 } }, staff);
    expect(log.verdict.stages.map((s) => s.name)).toEqual(['165 °F within 2 hours']);
    staff = await staffAt(t0 + 2 * HOUR);
    expect((await call(engine, 'cooling.addReading', { logId: log.id, reading: { tempCentiC: F(165), atMs: t0 + 2 * HOUR } }, staff)).verdict.state).toBe('passed');
  });
});
