import { afterEach, describe, expect, it } from 'vitest';
import { runDeviceClockByItself } from '../testing/device-clock';
import { TemperX232Simulator, type TemperX232SimulatorOptions } from './simulators/temperx232-simulator';
import { TemperX232Driver } from './temperx232-driver';
import { rejectionCodeOf as codeOf } from '../../../tests/support/device-captures';

runDeviceClockByItself();
const drivers: TemperX232Driver[] = [];
afterEach(async () => {
  await Promise.all(drivers.splice(0).map((d) => d.close()));
});

async function connect(options: TemperX232SimulatorOptions = {}): Promise<{ sim: TemperX232Simulator; driver: TemperX232Driver }> {
  const sim = new TemperX232Simulator(options);
  const driver = new TemperX232Driver(sim.stream());
  await driver.open();
  drivers.push(driver);
  return { sim, driver };
}

describe('TEMPerX232 driver', () => {
  it('reads its version', async () => {
    const { driver } = await connect({ version: 'TEMPerX232_V2.6' });
    expect(await driver.readVersion()).toBe('TEMPerX232_V2.6');
  });

  it('reads the inner sensor with humidity and an outer probe below zero', async () => {
    const { driver } = await connect({ internal: 2345, rhCentiPct: 4567, external: -1850 });
    expect(await driver.read()).toEqual([
      { channel: 'internal', tempCentiC: 2345, rhCentiPct: 4567 },
      { channel: 'external', tempCentiC: -1850, rhCentiPct: null },
    ]);
  });

  it('reads replies worded as boards in the field send them: banner first, outer line first with humidity, bare LF or CR', async () => {
    for (const lineEnd of ['\n', '\r', '\r\n']) {
      const { driver } = await connect({ internal: 970, rhCentiPct: 7053, external: -31, outerRhCentiPct: 9100, reply: { banner: true, outerFirst: true, lineEnd } });
      expect(await driver.read(), JSON.stringify(lineEnd)).toEqual([
        { channel: 'external', tempCentiC: -31, rhCentiPct: 9100 },
        { channel: 'internal', tempCentiC: 970, rhCentiPct: 7053 },
      ]);
    }
  });

  it('reads only the inner sensor when no probe is connected', async () => {
    const { driver } = await connect({ internal: -5 });
    expect(await driver.read()).toEqual([{ channel: 'internal', tempCentiC: -5, rhCentiPct: 4500 }]);
  });

  it('follows a drifting temperature', async () => {
    let nowMs = 0;
    const { driver } = await connect({ internal: { startCentiC: 500, driftCentiCPerMin: -100, now: () => nowMs } });
    expect((await driver.read())[0]!.tempCentiC).toBe(500);
    nowMs = 7 * 60_000;
    expect((await driver.read())[0]!.tempCentiC).toBe(-200);
  });

  it('stores a calibration offset that the device then applies to its readings', async () => {
    const { driver } = await connect({ internal: 2000, rhCentiPct: 5000, external: 300 });
    await driver.setCalibration('internal', -50, 120);
    await driver.setCalibration('external', 100, 0);
    expect(await driver.readCalibration()).toEqual([
      { channel: 'internal', tempOffsetCentiC: -50, rhOffsetCentiPct: 120 },
      { channel: 'external', tempOffsetCentiC: 100, rhOffsetCentiPct: null },
    ]);
    expect(await driver.read()).toEqual([
      { channel: 'internal', tempCentiC: 1950, rhCentiPct: 5120 },
      { channel: 'external', tempCentiC: 400, rhCentiPct: null },
    ]);
  });

  it('refuses an offset beyond 10 degrees without sending it', async () => {
    const { sim, driver } = await connect();
    expect(await codeOf(driver.setCalibration('internal', 1100, 0))).toBe('BAD_INPUT');
    expect(sim.requests).toHaveLength(0);
  });
});

describe('TEMPerX232 faults', () => {
  const cases = [
    { fault: 'stall', code: 'DEVICE_TIMEOUT' },
    { fault: 'drop-bytes', code: 'FRAME_TRUNCATED' },
    { fault: 'corrupt', code: 'FRAME_INVALID' },
    { fault: 'garbage', code: 'FRAME_INVALID' },
    { fault: 'unplug', code: 'DEVICE_UNPLUGGED' },
  ] as const;

  for (const c of cases) {
    it(`a reading spoilt by '${c.fault}' gives ${c.code}`, async () => {
      const { sim, driver } = await connect({ external: 100 });
      sim.inject({ fault: c.fault, times: 1 });
      expect(await codeOf(driver.read())).toBe(c.code);
    });
  }

  it('answers again after a one-off fault', async () => {
    const { sim, driver } = await connect({ internal: 1234 });
    sim.inject({ fault: 'corrupt', times: 1 });
    expect(await codeOf(driver.read())).toBe('FRAME_INVALID');
    expect((await driver.read())[0]!.tempCentiC).toBe(1234);
  });

  it('refuses the answer of a babbling board without waiting for the end of it', async () => {
    const { sim, driver } = await connect({ version: `TEMPerX232_V2.5${' '.repeat(100_000)}` });
    sim.chunkSize = 64;
    expect(await codeOf(driver.readVersion())).toBe('FRAME_INVALID');
  });

  it('stays silent at the wrong speed, so the driver times out', async () => {
    const sim = new TemperX232Simulator();
    const stream = sim.stream();
    await stream.open({ baudRate: 115200, parity: 'none', dataBits: 8, stopBits: 1 });
    const driver = new TemperX232Driver(stream);
    drivers.push(driver);
    expect(await codeOf(driver.read())).toBe('DEVICE_TIMEOUT');
  });
});
