import { afterEach, describe, expect, it } from 'vitest';
import { until, untilPasses, useDeviceClock } from '../testing/device-clock';
import { closeDeviceEngines, engineWithDevices, payloadsOf, sensorsNamed } from '../testing/devices-engine';
import { auditActions, call } from '../testing/test-engine';
import { SimulatedDeviceAccess } from './simulators/simulated-device-access';
import { TemperSimulator } from './simulators/temper-simulator';
import { TemperX232Simulator } from './simulators/temperx232-simulator';

/**
 * Devices whose normal answers the first decoders refused, plugged into a running engine through
 * their byte-level simulators: every channel they report becomes a sensor of its own, listed with
 * its device on the Devices screen, and its readings are stored under it.
 */

useDeviceClock();
afterEach(closeDeviceEngines);

/** Production timings: a live sensor is polled every minute and its readings stored in batches every five. */
const POLL_MS = 60_000;
const FLUSH_MS = 5 * 60_000;

type Row = { temp_centi_c: number; humidity_centi_pct: number | null };

function rowsOf(engine: Awaited<ReturnType<typeof engineWithDevices>>['engine'], sensorId: string): Row[] {
  return engine.context.sqlite.prepare('SELECT temp_centi_c, humidity_centi_pct FROM readings WHERE sensor_id = ? ORDER BY at_ms').all(sensorId) as Row[];
}

describe('multi-channel and multi-line devices in the engine', () => {
  it('a TEMPerNTC (0c45:7401) shows as three sensors on its device row, each with its own readings', async () => {
    const access = new SimulatedDeviceAccess();
    const ntc = new TemperSimulator({
      firmware: 'TEMPerNTC F1.0NT',
      vendorId: 0x0c45,
      productId: 0x7401,
      serialNumber: 'NTC-1',
      internal: 2150,
      external: 350,
      moreExternals: [-1825],
    });
    access.plug(ntc);
    const { engine, admin } = await engineWithDevices(access);

    const sensors = await sensorsNamed(engine, admin.token, 3);
    expect(sensors.map((s) => [s.name, s.deviceSerial, s.channel]).sort()).toEqual([
      ['TEMPerNTC external 2', 'NTC-1', 'external-2'],
      ['TEMPerNTC external', 'NTC-1', 'external'],
      ['TEMPerNTC internal', 'NTC-1', 'internal'],
    ]);
    const [device] = (await call(engine, 'devices.list', {}, admin.token)).devices;
    expect(device).toMatchObject({ label: 'TEMPerNTC F1.0NT', status: 'ready' });
    expect([...device!.sensorIds].sort()).toEqual(sensors.map((s) => s.id).sort());

    const byChannel = new Map(sensors.map((s) => [s.channel, s.id]));
    await until(() => sensors.every((s) => rowsOf(engine, s.id).length > 0), FLUSH_MS * 2, 'readings of every socket stored');
    expect(rowsOf(engine, byChannel.get('internal')!).every((r) => r.temp_centi_c === 2150)).toBe(true);
    expect(rowsOf(engine, byChannel.get('external')!).every((r) => r.temp_centi_c === 350)).toBe(true);
    expect(rowsOf(engine, byChannel.get('external-2')!).every((r) => r.temp_centi_c === -1825 && r.humidity_centi_pct === null)).toBe(true);
  });

  it('a probe pulled out of one TEMPerNTC socket goes offline on its own (event, MEDIUM audit entry) while the others keep answering, and comes back', async () => {
    const access = new SimulatedDeviceAccess();
    const ntc = new TemperSimulator({ firmware: 'TEMPerNTC F1.0NT', vendorId: 0x0c45, productId: 0x7401, serialNumber: 'NTC-2', internal: 2150, external: 350, moreExternals: [-1825] });
    access.plug(ntc);
    const { engine, admin, events } = await engineWithDevices(access);
    const sensors = await sensorsNamed(engine, admin.token, 3);
    const freezer = sensors.find((s) => s.channel === 'external-2')!;

    const pulled = ntc.moreExternals[0]!;
    ntc.moreExternals[0] = null; // the socket now reads ffff
    await untilPasses(() => {
      expect(payloadsOf(events, 'sensors.online')).toContainEqual({ sensorId: freezer.id, online: false, message: expect.stringContaining('check that its probe is plugged in') });
    }, 4 * POLL_MS);
    expect(auditActions(engine)).toContainEqual(
      expect.objectContaining({ action: 'sensors.offline', risk: 'MEDIUM', summary: expect.stringMatching(/^Sensor "TEMPerNTC external 2" went offline after missing 3 polls in a row: /) }),
    );
    const listed = await call(engine, 'sensors.list', {}, admin.token);
    expect(listed.map((s) => [s.channel, s.online]).sort()).toEqual([
      ['external', true],
      ['external-2', false],
      ['internal', true],
    ]);
    expect(payloadsOf(events, 'sensors.online').filter((e) => !e.online).map((e) => e.sensorId)).toEqual([freezer.id]);

    ntc.moreExternals[0] = pulled;
    await untilPasses(() => {
      expect(payloadsOf(events, 'sensors.online')).toContainEqual({ sensorId: freezer.id, online: true, message: null });
    }, 2 * POLL_MS);
    expect((await call(engine, 'sensors.list', {}, admin.token)).every((s) => s.online)).toBe(true);
  });

  it('a TEMPerX232 that sends its banner first and the outer probe (with humidity) before the inner one feeds both sensors', async () => {
    const access = new SimulatedDeviceAccess();
    access.plug(
      new TemperX232Simulator({
        serialNumber: 'X232-F',
        internal: 970,
        rhCentiPct: 7053,
        external: -31,
        outerRhCentiPct: 9100,
        reply: { banner: true, outerFirst: true, lineEnd: '\n' },
      }),
    );
    const { engine, admin } = await engineWithDevices(access);

    const sensors = await sensorsNamed(engine, admin.token, 2);
    const byChannel = new Map(sensors.map((s) => [s.channel, s.id]));
    expect([...byChannel.keys()].sort()).toEqual(['external', 'internal']);
    await until(() => sensors.every((s) => rowsOf(engine, s.id).length > 0), FLUSH_MS * 2, 'readings of both probes stored');
    expect(rowsOf(engine, byChannel.get('internal')!).every((r) => r.temp_centi_c === 970 && r.humidity_centi_pct === 7053)).toBe(true);
    expect(rowsOf(engine, byChannel.get('external')!).every((r) => r.temp_centi_c === -31 && r.humidity_centi_pct === 9100)).toBe(true);
    expect((await call(engine, 'devices.list', {}, admin.token)).devices[0]!.lastError).toBeNull();
  });
});
