import { afterEach, describe, expect, it } from 'vitest';
import type { EventMap } from '../../../domain/contract/events';
import type { Engine } from '../engine';
import { noteSensorOnline } from '../haccp/alert-checks';
import { storeReadings } from '../readings/store-readings';
import { ensureSensor, updateSensor } from '../sensors/sensors';
import { addUser, auditActions, call, dataSnapshot, failure, openTestEngine, setUpOrganization, tempDataDir, testClock } from '../testing/test-engine';
import { raiseAlert } from './alerts';
import { runAlertChecks } from './alerts-service';

const MINUTE = 60_000;
const T0 = Date.UTC(2026, 10, 22, 14, 0);

let engine: Engine;
let cleanup: () => void;
afterEach(() => {
  engine?.close();
  cleanup?.();
});

async function coolerWithSensor() {
  const dir = tempDataDir();
  cleanup = dir.cleanup;
  const clock = testClock(T0);
  engine = await openTestEngine({ dataDir: dir.dir, now: clock.now });
  const admin = await setUpOrganization(engine);
  // The clock runs for hours in these tests: sessions stay unlocked for the longest idle time allowed.
  await call(engine, 'settings.update', { idleLockMinutes: 240 }, admin.token);
  const ctx = engine.context;
  const sensorId = ensureSensor(ctx, { deviceSerial: 'TEMPER-1', deviceFamily: 'temper', channel: 'internal' }, { name: 'Walk-in air' });
  const unit = await call(engine, 'haccp.addUnit', { name: 'Walk-in', type: 'walk-in-cooler' }, admin.token);
  await call(engine, 'haccp.assignSensor', { sensorId, unitId: unit.id }, admin.token);
  const raised: EventMap['alerts.raised'][] = [];
  ctx.events.listen((topic, payload) => topic === 'alerts.raised' && raised.push(payload as EventMap['alerts.raised']));
  /** A live reading every minute, the clock following it, then the alert checks as the service runs them. */
  const warmUp = (temps: number[]) => {
    for (const rawCentiC of temps) {
      storeReadings(ctx, sensorId, 'live', [{ atMs: clock.now(), rawCentiC }]);
      clock.advance(MINUTE);
      runAlertChecks(ctx);
    }
  };
  return { ctx, admin, token: admin.token, sensorId, unit, clock, warmUp, raised };
}

describe('alerts', () => {
  it('a cooler warming up raises one critical alert when it has been out of range for the alarm delay, not before', async () => {
    const { token, warmUp, raised } = await coolerWithSensor();
    warmUp([400, ...Array(30).fill(700)]);
    // 29 minutes from the first warm reading to the latest: still a door left open.
    expect(await call(engine, 'alerts.list', {}, token)).toEqual([]);
    warmUp([720]);
    const [alert, ...others] = await call(engine, 'alerts.list', {}, token);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ kind: 'excursion', severity: 'critical', title: 'Walk-in out of range', acknowledgedAtMs: null, closedAtMs: null });
    expect(alert!.detail).toMatch(/^Walk-in air: out of range since Nov 22, 09:01, 30 min so far, peak 7.20 °C \(limit at most 5.00 °C\)\.$/);
    expect(raised.map((r) => [r.title, r.severity, r.escalated])).toEqual([['Walk-in out of range', 'critical', false]]);
    warmUp([750, 750]);
    expect(await call(engine, 'alerts.list', {}, token)).toHaveLength(1);
    expect(raised).toHaveLength(1);
  });

  it('staff acknowledge (who and when); the alert closes once the cooler is back in range, and keeps its history', async () => {
    const { token, warmUp, clock } = await coolerWithSensor();
    const staff = await addUser(engine, token, { username: 'sam', role: 'STAFF', displayName: 'Sam Line' });
    warmUp([400, ...Array(31).fill(700)]);
    const [alert] = await call(engine, 'alerts.list', {}, staff.session.token);
    const ackAt = clock.now();
    expect(await call(engine, 'alerts.acknowledge', { alertId: alert!.id }, staff.session.token)).toMatchObject({ acknowledgedBy: 'Sam Line', acknowledgedAtMs: ackAt, closedAtMs: null });
    expect(await failure(engine, 'alerts.acknowledge', { alertId: alert!.id }, token)).toBe('CONFLICT');
    warmUp([700, 450]);
    expect(await call(engine, 'alerts.list', {}, token)).toEqual([]);
    const [closed] = await call(engine, 'alerts.list', { state: 'all' }, token);
    expect(closed).toMatchObject({ id: alert!.id, acknowledgedBy: 'Sam Line', endedAtMs: T0 + 33 * MINUTE, closedAtMs: T0 + 34 * MINUTE });
    expect(closed!.closedReason).toBe('Back in range at Nov 22, 09:33 after 32 min. Acknowledged by Sam Line.');
    expect(auditActions(engine).filter((a) => a.action === 'alerts.acknowledge')).toHaveLength(1);
  });

  it('an excursion over before anyone acknowledged it stays open until someone does (never silently dropped)', async () => {
    const { token, warmUp } = await coolerWithSensor();
    warmUp([400, ...Array(35).fill(700), 400, 400]);
    const [alert] = await call(engine, 'alerts.list', {}, token);
    expect(alert).toMatchObject({ endedAtMs: T0 + 36 * MINUTE, closedAtMs: null });
    expect((await call(engine, 'alerts.acknowledge', { alertId: alert!.id }, token)).closedReason).toBe('Acknowledged by Alice Admin after it was over.');
  });

  it('an unacknowledged critical alert escalates to the location’s managers after the configured time, once, audited', async () => {
    const { token, warmUp, clock, raised } = await coolerWithSensor();
    await addUser(engine, token, { username: 'lena', role: 'LOCATION_MANAGER', displayName: 'Lena Manager' });
    await addUser(engine, token, { username: 'max', role: 'MANAGER', displayName: 'Max Shift' });
    await addUser(engine, token, { username: 'sam', role: 'STAFF', displayName: 'Sam Line' });
    expect(await call(engine, 'alerts.setEscalation', { escalateAfterMin: 20 }, token)).toEqual({ escalateAfterMin: 20 });
    warmUp([400, ...Array(31).fill(700)]);
    warmUp(Array(19).fill(700));
    expect((await call(engine, 'alerts.list', {}, token))[0]!.escalatedAtMs).toBeNull();
    warmUp([700]);
    const [alert] = await call(engine, 'alerts.list', {}, token);
    expect(alert).toMatchObject({ escalatedAtMs: clock.now(), escalatedTo: 'Lena Manager, Max Shift' });
    warmUp([700, 700]);
    expect(raised.filter((r) => r.escalated).map((r) => r.title)).toEqual(['Escalated: Walk-in out of range']);
    expect(auditActions(engine).filter((a) => a.action === 'alerts.escalate').map((a) => a.summary)).toEqual([
      '"Walk-in out of range" was not acknowledged within 20 min: escalated to Lena Manager, Max Shift',
    ]);
    expect(await failure(engine, 'alerts.setEscalation', { escalateAfterMin: 0 }, token)).toBe('BAD_INPUT');
  });

  it('an acknowledged alert does not escalate', async () => {
    const { token, warmUp } = await coolerWithSensor();
    warmUp([400, ...Array(31).fill(700)]);
    const [alert] = await call(engine, 'alerts.list', {}, token);
    await call(engine, 'alerts.acknowledge', { alertId: alert!.id }, token);
    warmUp(Array(40).fill(700));
    expect((await call(engine, 'alerts.list', {}, token))[0]!.escalatedAtMs).toBeNull();
  });

  it('an auditor may read alerts but not acknowledge them; nothing changes', async () => {
    const { token, warmUp } = await coolerWithSensor();
    const auditor = await addUser(engine, token, { username: 'ava', role: 'AUDITOR' });
    warmUp([400, ...Array(31).fill(700)]);
    const [alert] = await call(engine, 'alerts.list', {}, auditor.session.token);
    const before = dataSnapshot(engine);
    expect(await failure(engine, 'alerts.acknowledge', { alertId: alert!.id }, auditor.session.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'alerts.setEscalation', { escalateAfterMin: 60 }, auditor.session.token)).toBe('FORBIDDEN');
    expect(dataSnapshot(engine)).toBe(before);
  });

  it('a live sensor that stops answering raises a warning, ended when it answers again', async () => {
    const { token, ctx, sensorId } = await coolerWithSensor();
    noteSensorOnline(ctx, sensorId, false);
    expect(await call(engine, 'alerts.list', {}, token)).toMatchObject([{ kind: 'sensorOffline', severity: 'warning', title: 'Walk-in air is not answering', endedAtMs: null }]);
    noteSensorOnline(ctx, sensorId, true);
    expect((await call(engine, 'alerts.list', {}, token))[0]!.detail).toMatch(/Answering again\.$/);
  });

  it('a calibration due within two weeks warns; overdue is critical; calibrating ends both', async () => {
    const { token, ctx, sensorId, clock } = await coolerWithSensor();
    updateSensor(ctx, sensorId, { calibrationDueMs: T0 + 10 * 24 * 60 * MINUTE });
    runAlertChecks(ctx);
    expect(await call(engine, 'alerts.list', {}, token)).toMatchObject([{ kind: 'calibrationDue', severity: 'warning' }]);
    clock.advance(11 * 24 * 60 * MINUTE);
    runAlertChecks(ctx);
    const again = (await call(engine, 'auth.signIn', { username: 'alice', password: 'correct horse battery' })).token;
    const list = await call(engine, 'alerts.list', {}, again);
    expect(list.map((a) => [a.kind, a.endedAtMs === null])).toEqual([
      ['calibrationOverdue', true],
      ['calibrationDue', false],
    ]);
    updateSensor(ctx, sensorId, { calibrationDueMs: clock.now() + 365 * 24 * 60 * MINUTE });
    runAlertChecks(ctx);
    expect((await call(engine, 'alerts.list', {}, again)).every((a) => a.endedAtMs !== null)).toBe(true);
  });

  it('another feature raises its alert with one call; raising it again is the same alert', async () => {
    const { token, ctx } = await coolerWithSensor();
    const locationId = ctx.identity()!.homeLocationId;
    const lowFlour = { locationId, kind: 'lowStock' as const, subjectId: 'item-flour', occurrence: '', severity: 'warning' as const, title: 'Low stock: flour', detail: '2 kg left' };
    expect(raiseAlert(ctx, lowFlour)).toEqual({ alertId: 'lowStock/item-flour', raised: true });
    expect(raiseAlert(ctx, { ...lowFlour, detail: '1 kg left' })).toEqual({ alertId: 'lowStock/item-flour', raised: false });
    expect(await call(engine, 'alerts.list', {}, token)).toMatchObject([{ title: 'Low stock: flour', detail: '1 kg left' }]);
  });
});
