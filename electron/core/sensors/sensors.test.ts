import { afterEach, describe, expect, it } from 'vitest';
import { decodeCalibrationBatch } from '../../../domain/sensors/calibration-batch';
import { logDocName } from '../../../domain/sync/doc-names';
import { BATCH_KIND, FACT_BATCHES_MAP, batchKind } from '../../../domain/sync/fact-batch';
import { SimulatedDeviceAccess } from '../devices/simulators/simulated-device-access';
import { TemperSimulator } from '../devices/simulators/temper-simulator';
import { useDeviceClock } from '../testing/device-clock';
import { closeDeviceEngines, engineWithDevices, sensorsNamed } from '../testing/devices-engine';
import { addUser, auditActions, call, failure } from '../testing/test-engine';
import { startOfDayInZone } from '../../../domain/time/calendar-days';
import { ensureSensor, moveSensorsToSerial } from './sensors';

useDeviceClock();
afterEach(closeDeviceEngines);

describe('sensors of plugged devices', () => {
  it('a probe moved to another address keeps its sensor; a new probe at the address it left gets one of its own', async () => {
    const { engine } = await engineWithDevices(new SimulatedDeviceAccess());
    const ctx = engine.context;
    const at5 = { deviceSerial: 'RS485-Q#5', deviceFamily: 'modbus', channel: 'internal' };
    const fridge = ensureSensor(ctx, at5, { name: 'Fridge' });
    moveSensorsToSerial(ctx, 'RS485-Q#5', 'RS485-Q#7');
    expect(ensureSensor(ctx, { ...at5, deviceSerial: 'RS485-Q#7' }, { name: 'Probe 7' })).toBe(fridge);
    const newcomer = ensureSensor(ctx, at5, { name: 'Probe 5' });
    expect(newcomer).not.toBe(fridge);
    expect(ensureSensor(ctx, at5, { name: 'Probe 5' })).toBe(newcomer);
  });

  it('calibration is kept as history and audited; only location managers and compliance officers may calibrate', async () => {
    const access = new SimulatedDeviceAccess();
    access.plug(new TemperSimulator({ firmware: 'TEMPerGold_V3.1', internal: 380, serialNumber: 'GOLD-1' }));
    const { engine, admin } = await engineWithDevices(access);
    const [sensor] = await sensorsNamed(engine, admin.token, 1);
    const home = admin.user.locationIds[0]!;
    const manager = await addUser(engine, admin.token, { username: 'lena', role: 'LOCATION_MANAGER', displayName: 'Lena Manager' });
    const officer = await addUser(engine, admin.token, { username: 'otto', role: 'COMPLIANCE_OFFICER', displayName: 'Otto Officer' });
    const staff = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const shiftLead = await addUser(engine, admin.token, { username: 'max', role: 'MANAGER' });
    // The renderer sends the start of the due day at the sensor's location (New York in these tests).
    const dueMs = startOfDayInZone('2027-06-01', 'America/New_York')!;

    const after = await call(engine, 'sensors.calibrate', { sensorId: sensor!.id, offsetCentiC: 120, dueMs, note: 'checked against reference thermometer' }, manager.session.token);
    expect(after).toMatchObject({ calibrationOffsetCentiC: 120, calibrationDueMs: dueMs, calibratedAtMs: expect.any(Number) });
    await call(engine, 'sensors.calibrate', { sensorId: sensor!.id, offsetCentiC: -30, dueMs: null, note: '' }, officer.session.token);
    for (const refused of [staff, shiftLead]) {
      expect(await failure(engine, 'sensors.calibrate', { sensorId: sensor!.id, offsetCentiC: 0, dueMs: null, note: '' }, refused.session.token)).toBe('FORBIDDEN');
    }

    const history = await call(engine, 'sensors.calibrationHistory', { sensorId: sensor!.id }, staff.session.token);
    expect(history).toEqual([
      expect.objectContaining({ offsetCentiC: -30, previousOffsetCentiC: 120, dueMs: null, actorName: 'Otto Officer', note: '' }),
      expect.objectContaining({ offsetCentiC: 120, previousOffsetCentiC: 0, dueMs, actorName: 'Lena Manager', note: 'checked against reference thermometer' }),
    ]);
    expect(auditActions(engine).filter((a) => a.action === 'sensors.calibrate').map((a) => [a.risk, a.summary])).toEqual([
      ['MEDIUM', 'Calibrated "TEMPerGold internal" (GOLD-1 internal): offset +0.00 °C → +1.20 °C, next due 2027-06-01. Note: checked against reference thermometer'],
      ['MEDIUM', 'Calibrated "TEMPerGold internal" (GOLD-1 internal): offset +1.20 °C → -0.30 °C, no due date'],
    ]);
    expect((await call(engine, 'sensors.list', {}, admin.token))[0]).toMatchObject({ calibrationOffsetCentiC: -30, calibrationDueMs: null });

    // The history is a projection of immutable facts in the month's log document.
    const id = engine.context.identity()!;
    const batches = [...engine.context.docs.get(logDocName(id.tenantId, home, history[0]!.atMs)).getMap<Uint8Array>(FACT_BATCHES_MAP).values()];
    const facts = batches.filter((b) => batchKind(b) === BATCH_KIND.calibration).flatMap(decodeCalibrationBatch);
    expect(facts.map((f) => [f.id, f.offsetCentiC, f.actorName]).sort()).toEqual(history.map((h) => [h.id, h.offsetCentiC, h.actorName]).sort());

    // A user of another location does not see the sensor at all.
    const uptown = await call(engine, 'locations.create', { name: 'Uptown', address: '', timeZone: 'UTC', temperatureUnit: 'C' }, admin.token);
    const elsewhere = await addUser(engine, admin.token, { username: 'ula', role: 'LOCATION_MANAGER', locationIds: [uptown.id] });
    expect(await call(engine, 'sensors.list', {}, elsewhere.session.token)).toEqual([]);
    expect(await failure(engine, 'sensors.calibrate', { sensorId: sensor!.id, offsetCentiC: 0, dueMs: null, note: '' }, elsewhere.session.token)).toBe('NOT_FOUND');
    expect(await failure(engine, 'sensors.chart', { sensorId: sensor!.id, fromMs: 0, toMs: 1, buckets: 1 }, elsewhere.session.token)).toBe('NOT_FOUND');
  });

  it('sensors.update renames and relabels a sensor (audited) and its poll interval', async () => {
    const access = new SimulatedDeviceAccess();
    access.plug(new TemperSimulator({ firmware: 'TEMPerGold_V3.1', internal: 380, serialNumber: 'GOLD-2' }));
    const { engine, admin } = await engineWithDevices(access);
    const [sensor] = await sensorsNamed(engine, admin.token, 1);
    const updated = await call(engine, 'sensors.update', { sensorId: sensor!.id, name: 'Hot holding', unitLabel: 'Bain-marie', intervalS: 30 }, admin.token);
    expect(updated).toMatchObject({ name: 'Hot holding', unitLabel: 'Bain-marie', intervalS: 30 });
    expect(auditActions(engine).at(-1)).toMatchObject({
      action: 'sensors.update',
      summary: 'Changed sensor "TEMPerGold internal" (GOLD-2 internal): name "TEMPerGold internal" → "Hot holding", watches "" → "Bain-marie", interval 60 s → 30 s',
    });
    // A sensor no longer in use is retired, never deleted: its readings stay.
    expect(await call(engine, 'sensors.update', { sensorId: sensor!.id, active: false }, admin.token)).toMatchObject({ active: false });
    expect(auditActions(engine).at(-1)).toMatchObject({ action: 'sensors.update', summary: expect.stringContaining('retired') });
    expect((await call(engine, 'sensors.list', {}, admin.token))[0]).toMatchObject({ id: sensor!.id, active: false });
  });
});
