import { afterEach, describe, expect, it } from 'vitest';
import { runDeviceClockByItself } from '../testing/device-clock';
import { ModbusBus, type ModbusProbe } from './modbus-driver';
import { ModbusBusSimulator, toAddress, type SimulatedProbeOptions } from './simulators/modbus-simulator';
import { rejectionCodeOf as codeOf } from '../../../tests/support/device-captures';

runDeviceClockByItself();
const buses: ModbusBus[] = [];
afterEach(async () => {
  await Promise.all(buses.splice(0).map((b) => b.close()));
});

async function connect(probes: SimulatedProbeOptions[]): Promise<{ sim: ModbusBusSimulator; bus: ModbusBus }> {
  const sim = new ModbusBusSimulator({ probes });
  const bus = new ModbusBus(sim.stream());
  await bus.open();
  buses.push(bus);
  return { sim, bus };
}

const XY = (address: number): ModbusProbe => ({ address, map: 'xy-md02' });

describe('Modbus bus', () => {
  it('polls three probes: a cold room, a freezer below zero at even parity, and an MD02', async () => {
    const { bus } = await connect([
      { address: 1, temperature: 350, rhCentiPct: 8120 },
      { address: 2, temperature: -2050, rhCentiPct: 6000, parity: 'even' },
      { address: 7, map: 'md02', temperature: 6230, rhCentiPct: 3340 },
    ]);
    const probes: ModbusProbe[] = [XY(1), XY(2), { address: 7, map: 'md02' }];
    const results = await bus.pollProbes(probes);
    expect(results).toEqual([
      { probe: probes[0], reading: { channel: null, tempCentiC: 350, rhCentiPct: 8120 } },
      { probe: probes[1], reading: { channel: null, tempCentiC: -2050, rhCentiPct: 6000 } },
      { probe: probes[2], reading: { channel: null, tempCentiC: 6230, rhCentiPct: 3340 } },
    ]);
    expect([bus.parityOf(1), bus.parityOf(2), bus.parityOf(7)]).toEqual(['none', 'even', 'none']);
  });

  it('detects a probe at even parity once: later polls ask it straight away', async () => {
    const { sim, bus } = await connect([{ address: 4, parity: 'even', temperature: -1800 }]);
    expect((await bus.readProbe(XY(4))).tempCentiC).toBe(-1800);
    // N, N again (one retry), then E.
    expect(sim.requests).toHaveLength(3);
    await bus.readProbe(XY(4));
    await bus.readProbe(XY(4));
    expect(sim.requests).toHaveLength(5);
  });

  it('reads temperature only when humidity is not wanted', async () => {
    const { bus } = await connect([{ address: 1, temperature: 1234 }]);
    expect(await bus.readProbe({ address: 1, map: 'xy-md02', withHumidity: false })).toEqual({ channel: null, tempCentiC: 1230, rhCentiPct: null });
  });

  it('follows a drifting probe', async () => {
    let nowMs = 0;
    const { bus } = await connect([{ address: 1, temperature: { startCentiC: 400, driftCentiCPerMin: 30, now: () => nowMs } }]);
    expect((await bus.readProbe(XY(1))).tempCentiC).toBe(400);
    nowMs = 10 * 60_000;
    expect((await bus.readProbe(XY(1))).tempCentiC).toBe(700);
  });

  it('one silent probe does not stop the others', async () => {
    const { bus } = await connect([{ address: 1 }, { address: 3, temperature: 500 }]);
    const results = await bus.pollProbes([XY(1), XY(2), XY(3)]);
    expect(results.map((r) => ('reading' in r ? r.reading.tempCentiC : r.error.code))).toEqual([2100, 'DEVICE_TIMEOUT', 500]);
  });

  it('reports a probe configured with the wrong register map, without asking again', async () => {
    const { sim, bus } = await connect([{ address: 1, map: 'md02' }]);
    expect(await codeOf(bus.readProbe(XY(1)))).toBe('DEVICE_UNSUPPORTED');
    expect(sim.requests).toHaveLength(1);
  });
});

describe('Modbus retries and faults', () => {
  it('asks again once after a damaged answer and uses the good one', async () => {
    const { sim, bus } = await connect([{ address: 1, temperature: 880 }]);
    await bus.readProbe(XY(1));
    sim.inject({ fault: 'corrupt', times: 1 });
    expect((await bus.readProbe(XY(1))).tempCentiC).toBe(880);
    expect(sim.requests).toHaveLength(3);
  });

  it('asks again once after a timeout', async () => {
    const { sim, bus } = await connect([{ address: 1, temperature: 880 }]);
    await bus.readProbe(XY(1));
    sim.inject({ fault: 'stall', times: 1 });
    expect((await bus.readProbe(XY(1))).tempCentiC).toBe(880);
  });

  const always = [
    { fault: 'corrupt', code: 'CRC_MISMATCH' },
    { fault: 'drop-bytes', code: 'FRAME_TRUNCATED' },
    { fault: 'garbage', code: 'FRAME_INVALID' },
    { fault: 'stall', code: 'DEVICE_TIMEOUT' },
  ] as const;
  for (const c of always) {
    it(`a probe whose every answer is spoilt by '${c.fault}' is reported as ${c.code} after one retry`, async () => {
      const { sim, bus } = await connect([{ address: 1 }, { address: 2, temperature: 100 }]);
      await bus.pollProbes([XY(1), XY(2)]);
      sim.inject({ fault: c.fault, when: toAddress(1) });
      const before = sim.requests.length;
      const [first, second] = await bus.pollProbes([XY(1), XY(2)]);
      expect(first && 'error' in first ? first.error.code : 'read').toBe(c.code);
      expect(second && 'reading' in second ? second.reading.tempCentiC : null).toBe(100);
      expect(sim.requests.length - before).toBe(3); // two for probe 1, one for probe 2
    });
  }

  it('a timeout names the probe address', async () => {
    const { bus } = await connect([]);
    await expect(bus.readProbe(XY(9))).rejects.toThrow(/address 9/);
  });

  it('an unplugged adapter stops the poll with DEVICE_UNPLUGGED', async () => {
    const { sim, bus } = await connect([{ address: 1 }, { address: 2 }]);
    sim.inject({ fault: 'unplug' });
    expect(await codeOf(bus.pollProbes([XY(1), XY(2)]))).toBe('DEVICE_UNPLUGGED');
  });
});

describe('Modbus address change', () => {
  it('moves a probe to a new address, where it then answers', async () => {
    const { bus } = await connect([{ address: 1, temperature: 410 }]);
    const moved = await bus.changeAddress(XY(1), 12);
    expect(moved).toEqual(XY(12));
    expect((await bus.readProbe(moved)).tempCentiC).toBe(410);
    expect(await codeOf(bus.readProbe(XY(1)))).toBe('DEVICE_TIMEOUT');
  });

  it('moves a probe at even parity and remembers its parity at the new address', async () => {
    const { sim, bus } = await connect([{ address: 1, parity: 'even', map: 'md02', temperature: -500 }]);
    await bus.changeAddress({ address: 1, map: 'md02' }, 3);
    expect(bus.parityOf(3)).toBe('even');
    const before = sim.requests.length;
    expect((await bus.readProbe({ address: 3, map: 'md02' })).tempCentiC).toBe(-500);
    expect(sim.requests.length - before).toBe(1);
  });

  it('refuses an address another probe already answers at', async () => {
    const { sim, bus } = await connect([{ address: 1 }, { address: 2 }]);
    expect(await codeOf(bus.changeAddress(XY(1), 2))).toBe('CONFLICT');
    expect(sim.probeAt(1)).toBeDefined();
  });

  it('succeeds when the probe moved but its confirmation was lost', async () => {
    const { sim, bus } = await connect([{ address: 1, temperature: 300 }]);
    await bus.readProbe(XY(1));
    const probe = sim.probeAt(1)!;
    sim.inject({
      fault: 'stall',
      when: (request) => {
        if (request[1] !== 0x06) return false;
        probe.address = 8; // it took the new address, then the line dropped its answer
        return true;
      },
    });
    expect(await bus.changeAddress(XY(1), 8)).toEqual(XY(8));
    expect((await bus.readProbe(XY(8))).tempCentiC).toBe(300);
  });
});
