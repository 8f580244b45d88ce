import { afterEach, describe, expect, it } from 'vitest';
import { decodeCorrectiveActionBatch, decodeCorrectiveSignoffBatch } from '../../../domain/haccp/corrective-action-facts';
import { logDocName } from '../../../domain/sync/doc-names';
import { BATCH_KIND, FACT_BATCHES_MAP, batchKind } from '../../../domain/sync/fact-batch';
import type { Engine } from '../engine';
import { storeReadings } from '../readings/store-readings';
import { ensureSensor } from '../sensors/sensors';
import { TEST_ADMIN, TEST_PASSWORD, addUser, auditActions, call, closeTestEngines, dataSnapshot, failure, freshSetUpEngine } from '../testing/test-engine';
import { assembleReport } from '../report/report-data';
import { correctiveActionsForRuns, runKeyOf } from './records';

afterEach(closeTestEngines);

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 22, 2, 0);

/** A walk-in cooler (limit 5 °C, 30-minute delay) that was at 8 °C for 40 minutes from T0, with staff, a manager and an auditor. */
async function warmedUpCooler() {
  const { engine, clock, admin } = await freshSetUpEngine();
  clock.set(T0 + 120 * MINUTE);
  const users = { admin: TEST_ADMIN.username, manager: 'mia', staff: 'sam', auditor: 'aud' };
  await addUser(engine, admin.token, { username: users.manager, role: 'MANAGER', displayName: 'Mia Manager' });
  await addUser(engine, admin.token, { username: users.staff, role: 'STAFF', displayName: 'Sam Staff' });
  await addUser(engine, admin.token, { username: users.auditor, role: 'AUDITOR' });
  const p = { admin: '', manager: '', staff: '', auditor: '' };
  const at = async (ms: number) => {
    clock.set(ms);
    for (const [who, username] of Object.entries(users) as [keyof typeof p, string][]) {
      p[who] = (await call(engine, 'auth.signIn', { username, password: who === 'admin' ? TEST_ADMIN.password : TEST_PASSWORD })).token;
    }
  };
  await at(T0 + 120 * MINUTE);
  const unit = await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler' }, p.admin);
  const sensorId = ensureSensor(engine.context, { deviceSerial: 'RC4-0001', deviceFamily: 'elitech', channel: 'internal' }, { name: 'Walk-in logger' });
  await call(engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, p.admin);
  const temps = [300, ...Array(40).fill(800), 300];
  storeReadings(engine.context, sensorId, 'download', temps.map((rawCentiC, i) => ({ atMs: T0 + i * MINUTE, rawCentiC })));
  const excursion = { sensorId, excursionStartMs: T0 + MINUTE };
  return { engine, at, p, sensorId, excursion };
}

const discarded = { cause: 'Door left ajar overnight', action: 'discarded' as const, quantity: { amount: 2.5, unit: 'kg' }, disposition: 'Chicken thighs binned' };

function factsOf(engine: Engine, atMs: number) {
  const id = engine.context.identity()!;
  const batches = [...engine.context.docs.get(logDocName(id.tenantId, id.homeLocationId, atMs)).getMap<Uint8Array>(FACT_BATCHES_MAP).values()];
  return {
    actions: batches.filter((b) => batchKind(b) === BATCH_KIND.correctiveActions).flatMap(decodeCorrectiveActionBatch),
    signoffs: batches.filter((b) => batchKind(b) === BATCH_KIND.correctiveSignoffs).flatMap(decodeCorrectiveSignoffBatch),
  };
}

async function excursionsOf(engine: Engine, token: string) {
  return call(engine, 'haccp.excursions', {}, token);
}

describe('corrective actions for excursions', () => {
  it('an excursion needs a corrective action until staff record one; a manager signs it and both are facts', async () => {
    const { engine, at, p, excursion } = await warmedUpCooler();
    expect((await excursionsOf(engine, p.staff)).map((e) => e.correctiveAction)).toEqual([null]);

    await at(T0 + 130 * MINUTE);
    const recorded = await call(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...discarded }, p.staff);
    expect(recorded).toMatchObject({ actorName: 'Sam Staff', action: 'discarded', quantity: { amount: 2.5, unit: 'kg' }, versions: 1, signoff: null, atMs: T0 + 130 * MINUTE });
    expect(auditActions(engine).at(-1)).toMatchObject({
      action: 'haccp.recordCorrectiveAction',
      summary: 'Recorded a corrective action for "Walk-in" out of range since 2026-11-22 02:01 UTC: Product discarded (2.5 kg). Cause: Door left ajar overnight',
    });

    await at(T0 + 140 * MINUTE);
    const signed = await call(engine, 'haccp.signOffCorrectiveAction', { actionId: recorded.id, note: 'Checked the bin' }, p.manager);
    expect(signed.signoff).toEqual({ actorName: 'Mia Manager', atMs: T0 + 140 * MINUTE, note: 'Checked the bin' });
    expect((await excursionsOf(engine, p.auditor))[0]!.correctiveAction).toMatchObject({ id: recorded.id, signoff: { actorName: 'Mia Manager' } });

    const facts = factsOf(engine, T0 + 130 * MINUTE);
    expect(facts.actions.map((f) => [f.id, f.sensorId, f.excursionStartMs, f.actorName])).toEqual([[recorded.id, excursion.sensorId, excursion.excursionStartMs, 'Sam Staff']]);
    expect(facts.signoffs.map((f) => [f.actionId, f.actorName])).toEqual([[recorded.id, 'Mia Manager']]);
  });

  it('the inspector’s report shows the action in force and who signed it', async () => {
    const { engine, at, p, excursion } = await warmedUpCooler();
    await at(T0 + 130 * MINUTE);
    const recorded = await call(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...discarded }, p.staff);
    const params = { locationId: engine.context.identity()!.homeLocationId, fromDay: '2026-11-21', toDay: '2026-11-21', twiceDaily: false, asOfMs: T0 + 135 * MINUTE };
    expect(assembleReport(engine.context, params).excursions.map((e) => e.correctiveAction)).toEqual([
      { summary: 'Product discarded (2.5 kg): Door left ajar overnight; Chicken thighs binned', recordedBy: 'Sam Staff', recordedAtMs: T0 + 130 * MINUTE, signedBy: null, signedAtMs: null },
    ]);
    await at(T0 + 140 * MINUTE);
    await call(engine, 'haccp.signOffCorrectiveAction', { actionId: recorded.id, note: '' }, p.manager);
    expect(assembleReport(engine.context, { ...params, asOfMs: T0 + 145 * MINUTE }).excursions[0]!.correctiveAction).toMatchObject({ signedBy: 'Mia Manager', signedAtMs: T0 + 140 * MINUTE });
  });

  it('only a supervisor signs off: staff and auditors are refused, and nothing changes', async () => {
    const { engine, p, excursion } = await warmedUpCooler();
    const recorded = await call(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...discarded }, p.staff);
    const before = dataSnapshot(engine);
    expect(await failure(engine, 'haccp.signOffCorrectiveAction', { actionId: recorded.id }, p.staff)).toBe('FORBIDDEN');
    expect(await failure(engine, 'haccp.signOffCorrectiveAction', { actionId: recorded.id }, p.auditor)).toBe('FORBIDDEN');
    expect(await failure(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...discarded }, p.auditor)).toBe('FORBIDDEN');
    expect(dataSnapshot(engine)).toBe(before);
  });

  it('refuses bad input with a sentence and records nothing', async () => {
    const { engine, p, excursion } = await warmedUpCooler();
    const before = dataSnapshot(engine);
    const refused = async (input: unknown) => {
      const result = await engine.dispatch({ method: 'haccp.recordCorrectiveAction', input, token: p.staff });
      return result.ok ? 'accepted' : result.error.message;
    };
    expect(await refused({ ...excursion, ...discarded, quantity: null })).toBe('Say how much product was discarded (a quantity and its unit).');
    expect(await refused({ ...excursion, ...discarded, action: 'moved' })).toBe('A quantity is only recorded when product was discarded.');
    expect(await refused({ ...excursion, ...discarded, quantity: { amount: -1, unit: 'kg' } })).toBe('The quantity discarded must be more than 0.');
    expect(await refused({ ...excursion, ...discarded, cause: '  ' })).toBe('The cause cannot be empty.');
    expect(await refused({ ...excursion, ...discarded, action: 'prayed' })).toMatch(/^The action taken is one of: discarded, moved/);
    expect(await refused({ ...excursion, excursionStartMs: T0, ...discarded })).toBe('"Walk-in logger" has no excursion starting at that time.');
    expect(dataSnapshot(engine)).toBe(before);
  });

  it('a second record for the same excursion is refused: a correction is an amendment', async () => {
    const { engine, p, excursion } = await warmedUpCooler();
    await call(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...discarded }, p.staff);
    expect(await failure(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...discarded }, p.staff)).toBe('CONFLICT');
  });

  it('a signed record is locked: staff cannot amend it; a supervisor amends with a new record, which needs its own sign-off', async () => {
    const { engine, at, p, excursion } = await warmedUpCooler();
    const first = await call(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...discarded }, p.staff);
    await call(engine, 'haccp.signOffCorrectiveAction', { actionId: first.id }, p.manager);
    const amendment = { actionId: first.id, cause: 'Door seal torn', action: 'equipmentRepaired' as const, quantity: null, disposition: 'Product kept, all probed below 5 °C', note: 'Wrong cause at first' };

    const before = dataSnapshot(engine);
    expect(await failure(engine, 'haccp.amendCorrectiveAction', amendment, p.staff)).toBe('FORBIDDEN');
    expect(dataSnapshot(engine)).toBe(before);

    await at(T0 + 200 * MINUTE);
    const amended = await call(engine, 'haccp.amendCorrectiveAction', amendment, p.manager);
    expect(amended).toMatchObject({ amends: first.id, cause: 'Door seal torn', versions: 2, signoff: null, actorName: 'Mia Manager' });
    // The signed original is still there as it was.
    const facts = factsOf(engine, T0 + 200 * MINUTE);
    expect(facts.actions.map((f) => [f.cause, f.amends])).toEqual([
      ['Door left ajar overnight', null],
      ['Door seal torn', first.id],
    ]);
    expect((await excursionsOf(engine, p.staff))[0]!.correctiveAction).toMatchObject({ id: amended.id, signoff: null });
    // The old version cannot be signed or amended again.
    expect(await failure(engine, 'haccp.amendCorrectiveAction', amendment, p.manager)).toBe('CONFLICT');
    expect(await failure(engine, 'haccp.signOffCorrectiveAction', { actionId: first.id }, p.admin)).toBe('CONFLICT');
    expect(await call(engine, 'haccp.signOffCorrectiveAction', { actionId: amended.id }, p.admin)).toMatchObject({ signoff: { actorName: TEST_ADMIN.displayName } });
    expect(await failure(engine, 'haccp.signOffCorrectiveAction', { actionId: amended.id }, p.manager)).toBe('CONFLICT');
  });

  it('correctiveActionsForRuns gives the record in force for the excursions asked, nothing for others', async () => {
    const { engine, p, excursion } = await warmedUpCooler();
    const first = await call(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...discarded }, p.staff);
    const found = correctiveActionsForRuns(engine.context, [
      { sensorId: excursion.sensorId, startMs: excursion.excursionStartMs },
      { sensorId: excursion.sensorId, startMs: T0 },
    ]);
    expect([...found.keys()]).toEqual([runKeyOf(excursion.sensorId, excursion.excursionStartMs)]);
    expect(found.get(runKeyOf(excursion.sensorId, excursion.excursionStartMs))!.id).toBe(first.id);
  });

  it('a damaged corrective action batch from another PC is skipped whole', async () => {
    const { engine } = await warmedUpCooler();
    const id = engine.context.identity()!;
    engine.context.docs.change(logDocName(id.tenantId, id.homeLocationId, T0), (doc) => {
      doc.getMap<Uint8Array>(FACT_BATCHES_MAP).set('bad', new Uint8Array([BATCH_KIND.correctiveActions, 123, 34]));
    });
    expect(engine.context.sqlite.prepare('SELECT COUNT(*) FROM corrective_actions').pluck().get()).toBe(0);
  });

  it('the day\u2019s compliance score counts the excursion once its corrective action is signed', async () => {
    const { engine, p, excursion } = await warmedUpCooler();
    // The readings fall on 21 Nov in New York: 2 of 42 in range, 1 excursion.
    const dayOf = async () => (await call(engine, 'haccp.complianceScores', { days: 2 }, p.staff)).find((d) => d.day === '2026-11-21')!;
    expect(await dayOf()).toMatchObject({ score: 2, parts: { readings: { done: 2, total: 42 }, excursions: { done: 0, total: 1 }, checklists: { total: 0 }, cooling: { total: 0 } } });
    const recorded = await call(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...discarded }, p.staff);
    expect((await dayOf()).score).toBe(2);
    await call(engine, 'haccp.signOffCorrectiveAction', { actionId: recorded.id }, p.manager);
    // (2/42 + 1/1) / 2 = 52.4 %
    expect(await dayOf()).toMatchObject({ score: 52, parts: { excursions: { done: 1, total: 1 } } });
    expect(await failure(engine, 'haccp.complianceScores', { days: 40 }, p.staff)).toBe('BAD_INPUT');
  });

  it('a manager of another location finds no such excursion or record, and the attempt is audited', async () => {
    const { engine, p, excursion } = await warmedUpCooler();
    const recorded = await call(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...discarded }, p.staff);
    const uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '', timeZone: 'UTC', temperatureUnit: 'C' }, p.admin);
    const other = await addUser(engine, p.admin, { username: 'omar', role: 'MANAGER', locationIds: [uptown.id] });
    const before = dataSnapshot(engine);
    expect(await failure(engine, 'haccp.signOffCorrectiveAction', { actionId: recorded.id }, other.session.token)).toBe('NOT_FOUND');
    expect(await failure(engine, 'haccp.recordCorrectiveAction', { ...excursion, ...discarded }, other.session.token)).toBe('NOT_FOUND');
    expect(await failure(engine, 'haccp.complianceScores', {}, other.session.token)).toBe('NOT_FOUND');
    expect(dataSnapshot(engine)).toBe(before);
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'security.permissionDenied', risk: 'HIGH' });
  });
});
