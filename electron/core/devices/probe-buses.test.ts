import { afterEach, describe, expect, it } from 'vitest';
import type { Engine } from '../engine';
import { settle, untilPasses, useDeviceClock } from '../testing/device-clock';
import { closeDeviceEngines, deviceReady, engineWithDevices, IDENTIFIED_WITHIN_MS, sensorsNamed } from '../testing/devices-engine';
import { addUser, auditActions, call, dataSnapshot, failure } from '../testing/test-engine';
import { ModbusBusSimulator } from './simulators/modbus-simulator';
import { SimulatedDeviceAccess } from './simulators/simulated-device-access';
import { TemperSimulator } from './simulators/temper-simulator';

/** Live probes are polled once a minute: a reading within a few polls. */
const READING_WITHIN_MS = 5 * 60_000;

useDeviceClock();
afterEach(closeDeviceEngines);

/** Device time for a probe change: queued behind a poll of the bus, each probe asked within 0.5 s. */
const PROBE_CHANGE_WITHIN_MS = 10_000;

describe('probes on an RS-485 adapter', () => {
  /** Probes at 1, 2 and 5 on one bus; OpsFlow polls only address 1 until told otherwise. */
  async function busOfThree() {
    const access = new SimulatedDeviceAccess();
    const bus = new ModbusBusSimulator({
      serialNumber: 'RS485-P',
      probes: [
        { address: 1, temperature: 300 },
        { address: 2, temperature: 450, parity: 'even' },
        { address: 5, temperature: -1800, map: 'md02' },
      ],
    });
    access.plug(bus);
    const started = await engineWithDevices(access);
    await deviceReady(started.engine, started.admin.token, bus.path);
    return { access, bus, ...started };
  }

  async function busView(engine: Engine, token: string, deviceId: string) {
    return (await call(engine, 'devices.list', {}, token)).devices.find((d) => d.id === deviceId)!;
  }

  it('setting probes 1, 2 and 5 makes all three report; the list is kept for the adapter and used when it is plugged in again', async () => {
    const { access, bus, engine, admin } = await busOfThree();
    await sensorsNamed(engine, admin.token, 1);
    expect((await busView(engine, admin.token, bus.path)).probes).toEqual([{ address: 1, map: 'xy-md02' }]);

    const probes = [
      { address: 1, map: 'xy-md02' as const },
      { address: 2, map: 'xy-md02' as const },
      { address: 5, map: 'md02' as const },
    ];
    const view = await settle(call(engine, 'devices.setProbes', { deviceId: bus.path, probes }, admin.token), PROBE_CHANGE_WITHIN_MS);
    expect(view.probes).toEqual(probes);
    const sensors = await sensorsNamed(engine, admin.token, 3);
    expect(sensors.map((s) => [s.name, s.deviceSerial, s.online])).toEqual([
      ['Probe 1', 'RS485-P#1', true],
      ['Probe 2', 'RS485-P#2', true],
      ['Probe 5', 'RS485-P#5', true],
    ]);
    await untilPasses(async () => {
      expect((await call(engine, 'sensors.list', {}, admin.token)).find((s) => s.name === 'Probe 5')?.lastReading?.tempCentiC).toBe(-1800);
    }, IDENTIFIED_WITHIN_MS);
    await untilPasses(async () => {
      expect((await busView(engine, admin.token, bus.path)).sensorIds.sort()).toEqual(sensors.map((s) => s.id).sort());
    }, IDENTIFIED_WITHIN_MS);
    expect(auditActions(engine).at(-1)).toMatchObject({
      action: 'devices.setProbes',
      risk: 'LOW',
      actor_id: admin.user.id,
      summary: 'Set the probes on Modbus probes (RS-485) (RS485-P): 1 (XY-MD02) → 1 (XY-MD02), 2 (XY-MD02), 5 (MD02)',
    });

    access.unplug(bus);
    await untilPasses(async () => {
      expect((await call(engine, 'devices.list', {}, admin.token)).devices.length).toBe(0);
    }, IDENTIFIED_WITHIN_MS);
    access.plug(bus);
    await untilPasses(async () => {
      expect((await call(engine, 'devices.list', {}, admin.token)).devices[0]?.probes).toEqual(probes);
    }, IDENTIFIED_WITHIN_MS);
    await untilPasses(async () => {
      expect((await busView(engine, admin.token, bus.path)).sensorIds.length).toBe(3);
    }, IDENTIFIED_WITHIN_MS);
  });

  it('changing a probe’s address moves it on the bus; the stored list, its sensor and the sensor’s history follow', async () => {
    const { bus, engine, admin } = await busOfThree();
    const probes = [1, 2, 5].map((address) => ({ address, map: address === 5 ? ('md02' as const) : ('xy-md02' as const) }));
    await settle(call(engine, 'devices.setProbes', { deviceId: bus.path, probes }, admin.token), PROBE_CHANGE_WITHIN_MS);
    const before = await sensorsNamed(engine, admin.token, 3);
    const fridge = before.find((s) => s.name === 'Probe 5')!;
    await untilPasses(async () => {
      expect((await call(engine, 'sensors.list', {}, admin.token)).find((s) => s.id === fridge.id)?.lastReading?.tempCentiC).toBe(-1800);
    }, READING_WITHIN_MS);

    const view = await settle(call(engine, 'devices.changeProbeAddress', { deviceId: bus.path, address: 5, newAddress: 7 }, admin.token), PROBE_CHANGE_WITHIN_MS);
    const movedAtMs = engine.context.now();
    expect(bus.probeAt(5)).toBeUndefined();
    expect(bus.probeAt(7)).toMatchObject({ map: 'md02' });
    expect(view.probes).toEqual([
      { address: 1, map: 'xy-md02' },
      { address: 2, map: 'xy-md02' },
      { address: 7, map: 'md02' },
    ]);
    // Readings from address 7 land on the fridge's sensor: no second sensor splits its history.
    await untilPasses(async () => {
      expect((await call(engine, 'sensors.list', {}, admin.token)).find((s) => s.id === fridge.id)?.lastReading?.atMs ?? 0).toBeGreaterThan(movedAtMs);
    }, READING_WITHIN_MS);
    const after = await call(engine, 'sensors.list', {}, admin.token);
    expect(after.map((s) => s.id).sort()).toEqual(before.map((s) => s.id).sort());
    expect(after.find((s) => s.id === fridge.id)).toMatchObject({ name: 'Probe 5', deviceSerial: 'RS485-P#7' });
    await untilPasses(async () => {
      expect((await busView(engine, admin.token, bus.path)).sensorIds.sort()).toEqual(before.map((s) => s.id).sort());
    }, IDENTIFIED_WITHIN_MS);
    expect(auditActions(engine).at(-1)).toMatchObject({
      action: 'devices.changeProbeAddress',
      risk: 'MEDIUM',
      summary: 'Moved the probe at address 5 on Modbus probes (RS-485) (RS485-P) to address 7',
    });
    expect(engine.context.stationSettings.get('modbusProbes:RS485-P', null)).toEqual(view.probes);
  });

  it('refuses bad probe lists, taken addresses and devices without probes, with a sentence, changing nothing', async () => {
    const { access, bus, engine, admin } = await busOfThree();
    const temper = new TemperSimulator({ firmware: 'TEMPerGold_V3.1', serialNumber: 'GOLD-P' });
    access.plug(temper);
    await deviceReady(engine, admin.token, temper.path);
    // A probe at 9 that OpsFlow was not told about still answers at 9.
    bus.probes.push({ ...bus.probeAt(1)!, address: 9 });
    const before = { data: dataSnapshot(engine, { livePolling: true }), audit: auditActions(engine).length };

    const refusal = async (method: 'devices.setProbes' | 'devices.changeProbeAddress', input: unknown) => {
      // Some are refused only after asking the bus (is address 9 taken?).
      const result = await settle(engine.dispatch({ method, input, token: admin.token }), PROBE_CHANGE_WITHIN_MS);
      return result.ok ? null : result.error;
    };
    const one = (address: number) => ({ address, map: 'xy-md02' });
    expect(await refusal('devices.setProbes', { deviceId: bus.path, probes: [one(1), one(2), one(1)] })).toEqual({
      code: 'BAD_INPUT',
      message: 'Each probe on a bus needs its own address.',
    });
    for (const address of [0, 248]) {
      expect(await refusal('devices.setProbes', { deviceId: bus.path, probes: [one(address)] })).toEqual({
        code: 'BAD_INPUT',
        message: 'A probe address is 1 to 247.',
      });
      expect((await refusal('devices.changeProbeAddress', { deviceId: bus.path, address: 1, newAddress: address }))?.code).toBe('BAD_INPUT');
    }
    expect((await refusal('devices.setProbes', { deviceId: bus.path, probes: [] }))?.message).toContain('at least one probe');
    expect(await refusal('devices.setProbes', { deviceId: temper.path, probes: [one(1)] })).toEqual({
      code: 'BAD_INPUT',
      message: 'TEMPerGold_V3.1 is not an RS-485 adapter with Modbus probes, so it has no probe addresses to set.',
    });
    expect((await refusal('devices.changeProbeAddress', { deviceId: temper.path, address: 1, newAddress: 2 }))?.code).toBe('BAD_INPUT');
    expect((await refusal('devices.setProbes', { deviceId: '/dev/ttyGONE', probes: [one(1)] }))?.code).toBe('NOT_FOUND');
    expect(await refusal('devices.changeProbeAddress', { deviceId: bus.path, address: 4, newAddress: 6 })).toEqual({
      code: 'NOT_FOUND',
      message: 'No probe is set up at address 4 on Modbus probes (RS-485). Add it to the probes first.',
    });
    expect(await refusal('devices.changeProbeAddress', { deviceId: bus.path, address: 1, newAddress: 9 })).toEqual({
      code: 'CONFLICT',
      message: 'Another probe already uses address 9. Choose a free address.',
    });

    expect(bus.probes.map((p) => p.address)).toEqual([1, 2, 5, 9]);
    expect((await busView(engine, admin.token, bus.path)).probes).toEqual([{ address: 1, map: 'xy-md02' }]);
    expect(dataSnapshot(engine, { livePolling: true })).toBe(before.data);
    expect(auditActions(engine).filter((a) => a.action.startsWith('devices.')).length).toBe(0);
  });

  it('staff may not set probes or change their addresses', async () => {
    const { bus, engine, admin } = await busOfThree();
    const staff = await addUser(engine, admin.token, { username: 'sam', role: 'STAFF' });
    const before = dataSnapshot(engine, { livePolling: true });
    expect(await failure(engine, 'devices.setProbes', { deviceId: bus.path, probes: [{ address: 2, map: 'xy-md02' }] }, staff.session.token)).toBe('FORBIDDEN');
    expect(await failure(engine, 'devices.changeProbeAddress', { deviceId: bus.path, address: 1, newAddress: 3 }, staff.session.token)).toBe('FORBIDDEN');
    expect(bus.probeAt(1)).toBeDefined();
    expect(bus.probeAt(3)).toBeUndefined();
    expect((await busView(engine, admin.token, bus.path)).probes).toEqual([{ address: 1, map: 'xy-md02' }]);
    expect(dataSnapshot(engine, { livePolling: true })).toBe(before);
  });

  it('in demo mode the three demo probes can be re-addressed too, without storing anything for this PC', async () => {
    const { engine, admin } = await engineWithDevices(null, { demo: true });
    await untilPasses(async () => {
      expect((await call(engine, 'devices.list', {}, admin.token)).devices.find((d) => d.probes)?.probes).toEqual([1, 2, 3].map((address) => ({ address, map: 'xy-md02' })));
    }, IDENTIFIED_WITHIN_MS);
    const demoBus = (await call(engine, 'devices.list', {}, admin.token)).devices.find((d) => d.probes)!;
    const view = await settle(call(engine, 'devices.changeProbeAddress', { deviceId: demoBus.id, address: 3, newAddress: 4 }, admin.token), PROBE_CHANGE_WITHIN_MS);
    expect(view.probes?.map((p) => p.address)).toEqual([1, 2, 4]);
    await untilPasses(async () => {
      expect((await call(engine, 'sensors.list', {}, admin.token)).some((s) => s.deviceSerial.endsWith('#4'))).toBe(true);
    }, READING_WITHIN_MS);
    expect((await call(engine, 'sensors.list', {}, admin.token)).some((s) => s.deviceSerial.endsWith('#3'))).toBe(false);
    expect(engine.context.sqlite.prepare("SELECT count(*) AS n FROM device_settings WHERE key LIKE 'modbusProbes:%'").get()).toEqual({ n: 0 });
  });
});
