import { describe, expect, it } from 'vitest';
import { advance, runDeviceClockByItself } from '../testing/device-clock';
import { asciiBytes } from '../../../domain/devices/bytes';
import { hexToBytes } from '../../../domain/devices/hex';
import { FakeHidDevice } from './simulators/fake-hid-device';
import { TemperSimulator, type TemperSimulatorOptions } from './simulators/temper-simulator';
import { TemperDriver } from './temper-driver';
import { rejectionCodeOf as codeOf, loadCapture } from '../../../tests/support/device-captures';

interface TemperCapture {
  readCommand: string;
  firmwareQuery: string;
  cases: { firmware: string; response: string; expect: { channel: string; celsius: number; rh?: number }[] }[];
  firmwareStrings: Record<string, string>;
}

const capture = loadCapture<TemperCapture>('temper.json');
const field = loadCapture<{ temper: TemperCapture['cases']; temperFirmwareAnswers: { hex: string; firmware: string }[] }>('field-answers.json');

runDeviceClockByItself();

async function driverFor(options: TemperSimulatorOptions): Promise<{ sim: TemperSimulator; driver: TemperDriver }> {
  const sim = new TemperSimulator(options);
  return { sim, driver: new TemperDriver(await sim.open()) };
}

function reportsOf(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += 8) out.push(bytes.slice(at, at + 8));
  return out;
}

describe('TEMPer driver on captured answers', () => {
  for (const c of capture.cases) {
    it(`reads ${c.firmware} from its captured reports`, async () => {
      const firmwareBytes = capture.firmwareStrings[c.firmware]
        ? hexToBytes(capture.firmwareStrings[c.firmware]!)
        : asciiBytes(c.firmware.padEnd(16, ' '));
      const device = new FakeHidDevice('capture', (report) => {
        const hex = Buffer.from(report).toString('hex');
        if (hex === capture.firmwareQuery) return reportsOf(firmwareBytes);
        if (hex === capture.readCommand) return reportsOf(hexToBytes(c.response));
        return [];
      });
      const driver = new TemperDriver(device);
      expect(await driver.readFirmware()).toBe(c.firmware);
      const readings = await driver.read();
      expect(readings.map((r) => r.channel)).toEqual(c.expect.map((e) => e.channel));
      c.expect.forEach((e, i) => {
        expect(Math.abs(readings[i]!.tempCentiC / 100 - e.celsius)).toBeLessThanOrEqual(0.1);
        if (e.rh !== undefined) expect(Math.abs(readings[i]!.rhCentiPct! / 100 - e.rh)).toBeLessThanOrEqual(0.1);
      });
    });
  }
});

describe('TEMPer driver on answers from the field', () => {
  it('reads a TEMPerNTC from its captured firmware answer and reading: the stick and the probe in the second socket', async () => {
    const [ntc] = field.temper;
    const name = field.temperFirmwareAnswers.find((a) => a.firmware === ntc!.firmware)!;
    const device = new FakeHidDevice('capture', (report) => {
      const hex = Buffer.from(report).toString('hex');
      if (hex === capture.firmwareQuery) return reportsOf(hexToBytes(name.hex));
      if (hex === capture.readCommand) return reportsOf(hexToBytes(ntc!.response));
      return [];
    });
    const driver = new TemperDriver(device);
    expect(await driver.readFirmware()).toBe('TEMPerNTC F1.0NT');
    expect(await driver.read()).toEqual([
      { channel: 'internal', tempCentiC: 2775, rhCentiPct: null },
      { channel: 'external-2', tempCentiC: 2713, rhCentiPct: null },
    ]);
  });
});

describe('TEMPer driver and half a firmware name', () => {
  const whole = reportsOf(hexToBytes('54454d506572585f56332e3320202020')); // "TEMPerX_V3.3"
  const half = [hexToBytes('56332e3320202020')]; // "V3.3", as in the usbmon trace of urwen/temper PR 16

  it('asks again when the name comes only half, and reads the device', async () => {
    let asked = 0;
    const device = new FakeHidDevice('half-name', (report) => {
      if (report[1] === 0x86) return ++asked === 1 ? half : whole;
      return [hexToBytes('800108dc4e200000')];
    });
    const driver = new TemperDriver(device);
    expect(await driver.readFirmware()).toBe('TEMPerX_V3.3');
    expect(await driver.read()).toEqual([{ channel: 'external', tempCentiC: 2268, rhCentiPct: null }]);
    expect(asked).toBe(2);
  });

  it('gives up after three half names with FRAME_TRUNCATED, never "a model OpsFlow cannot read"', async () => {
    let asked = 0;
    const device = new FakeHidDevice('always-half', (report) => (report[1] === 0x86 ? (asked++, half) : []));
    expect(await codeOf(new TemperDriver(device).readFirmware())).toBe('FRAME_TRUNCATED');
    expect(asked).toBe(3);
  });
});

describe('TEMPer driver against the simulator', () => {
  const variants: { firmware: string; channels: string[]; rh: boolean }[] = [
    { firmware: 'TEMPerGold_V3.1', channels: ['internal'], rh: false },
    { firmware: 'TEMPerGold_V3.6', channels: ['internal'], rh: false }, // unseen revision of a known family
    { firmware: 'TEMPer2_V3.7', channels: ['internal', 'external'], rh: false }, // two reports
    { firmware: 'TEMPer2_V4.2', channels: ['internal', 'external'], rh: false },
    { firmware: 'TEMPerX_V3.3', channels: ['internal', 'external'], rh: true }, // two reports with humidity
    { firmware: 'TEMPerHUM_V3.8', channels: ['internal', 'external'], rh: true }, // the jack's probe in a second report
    { firmware: 'TEMPer1F1.1Per1F', channels: ['internal'], rh: false }, // /256 scale
    { firmware: 'TEMPer2_M12_V1.3', channels: ['internal', 'external'], rh: false },
    { firmware: 'TEMPer1F_V1.3', channels: ['internal'], rh: false }, // sensor at offset 4
    { firmware: 'TEMPERHUM1V1.3', channels: ['internal'], rh: true }, // Si7021 formulas
  ];

  for (const v of variants) {
    it(`reads ${v.firmware}: ${v.channels.join(' and ')}${v.rh ? ' with humidity' : ''}`, async () => {
      const { driver } = await driverFor({ firmware: v.firmware, internal: 2345, external: 412, rhCentiPct: 5520 });
      expect(await driver.readFirmware()).toBe(v.firmware);
      const readings = await driver.read();
      expect(readings.map((r) => r.channel)).toEqual(v.channels);
      // /256 and Si7021 scales cannot hold every hundredth exactly.
      expect(Math.abs(readings[0]!.tempCentiC - 2345)).toBeLessThanOrEqual(1);
      if (v.channels.length === 2) expect(Math.abs(readings[1]!.tempCentiC - 412)).toBeLessThanOrEqual(1);
      if (v.rh) expect(Math.abs(readings[0]!.rhCentiPct! - 5520)).toBeLessThanOrEqual(1);
      else expect(readings[0]!.rhCentiPct).toBeNull();
    });
  }

  it('reads a freezer probe below zero on the external channel', async () => {
    const { driver } = await driverFor({ firmware: 'TEMPer2_V3.7', internal: 1800, external: -2250 });
    expect(await driver.read()).toEqual([
      { channel: 'internal', tempCentiC: 1800, rhCentiPct: null },
      { channel: 'external', tempCentiC: -2250, rhCentiPct: null },
    ]);
  });

  it('leaves out the external channel when no probe is in the jack', async () => {
    const { driver } = await driverFor({ firmware: 'TEMPer2_V4.1', internal: 2000, external: null });
    expect(await driver.read()).toEqual([{ channel: 'internal', tempCentiC: 2000, rhCentiPct: null }]);
  });

  it('reads every socket of a TEMPerNTC, a freezer probe below zero included', async () => {
    const { driver } = await driverFor({ firmware: 'TEMPerNTC1.O', internal: 2100, external: 400, moreExternals: [-1800] });
    expect(await driver.read()).toEqual([
      { channel: 'internal', tempCentiC: 2100, rhCentiPct: null },
      { channel: 'external', tempCentiC: 400, rhCentiPct: null },
      { channel: 'external-2', tempCentiC: -1800, rhCentiPct: null },
    ]);
  });

  it('leaves out an empty TEMPerNTC socket, whichever it is', async () => {
    const first = await driverFor({ firmware: 'TEMPerNTC1.O', internal: 2100, external: null, moreExternals: [-1800] });
    expect((await first.driver.read()).map((r) => r.channel)).toEqual(['internal', 'external-2']);
    const second = await driverFor({ firmware: 'TEMPerNTC1.O', internal: 2100, external: 400, moreExternals: [null] });
    expect((await second.driver.read()).map((r) => r.channel)).toEqual(['internal', 'external']);
  });

  it('follows a drifting temperature from one read to the next', async () => {
    let nowMs = 0;
    const { driver } = await driverFor({ firmware: 'TEMPerGold_V3.1', internal: { startCentiC: 300, driftCentiCPerMin: -50, now: () => nowMs } });
    expect((await driver.read())[0]!.tempCentiC).toBe(300);
    nowMs = 10 * 60_000;
    expect((await driver.read())[0]!.tempCentiC).toBe(-200);
  });

  it('asks the firmware only once', async () => {
    const { sim, driver } = await driverFor({ firmware: 'TEMPerGold_V3.1' });
    await driver.read();
    await driver.read();
    expect(sim.requests.filter((r) => r[1] === 0x86)).toHaveLength(1);
  });

  it('refuses a firmware family it has no rule for', async () => {
    const device = new FakeHidDevice('odd', (r) => (r[1] === 0x86 ? reportsOf(asciiBytes('HUMIDIFIER_V1.0')) : []));
    expect(await codeOf(new TemperDriver(device).read())).toBe('DEVICE_UNSUPPORTED');
  });

  it('a stale report from a late answer does not shift the next reading', async () => {
    const { sim, driver } = await driverFor({ firmware: 'TEMPer2_V3.7', internal: 1000, external: 500 });
    await driver.readFirmware();
    sim.inject({ fault: 'stall', times: 1 });
    expect(await codeOf(driver.read())).toBe('DEVICE_TIMEOUT');
    const device = (await sim.open()) as FakeHidDevice;
    device.answerDelayMs = 1500; // answers only after the driver gave up (1 s)
    const slowDriver = new TemperDriver(device);
    expect(await codeOf(slowDriver.read())).toBe('DEVICE_TIMEOUT');
    await advance(1000); // the late answer arrives now
    device.answerDelayMs = 1;
    expect((await slowDriver.read()).map((r) => r.tempCentiC)).toEqual([1000, 500]);
  });
});

describe('TEMPer faults', () => {
  it('a device that stalls gives DEVICE_TIMEOUT', async () => {
    const { sim, driver } = await driverFor({ firmware: 'TEMPerGold_V3.1' });
    sim.inject({ fault: 'stall' });
    expect(await codeOf(driver.read())).toBe('DEVICE_TIMEOUT');
  });

  it('a short report gives FRAME_TRUNCATED', async () => {
    const { sim, driver } = await driverFor({ firmware: 'TEMPerGold_V3.1' });
    await driver.readFirmware();
    sim.inject({ fault: 'drop-bytes' });
    expect(await codeOf(driver.read())).toBe('FRAME_TRUNCATED');
  });

  it('noise instead of a name or a reading gives FRAME_INVALID, never a temperature', async () => {
    const { sim, driver } = await driverFor({ firmware: 'TEMPer2_V3.7' });
    sim.inject({ fault: 'garbage', times: 1 });
    expect(await codeOf(driver.readFirmware())).toBe('FRAME_INVALID');
    await driver.readFirmware();
    sim.inject({ fault: 'garbage' });
    expect(await codeOf(driver.read())).toBe('FRAME_INVALID');
  });

  it('a TEMPerNTC answer cut short gives FRAME_TRUNCATED, never fewer channels', async () => {
    const { sim, driver } = await driverFor({ firmware: 'TEMPerNTC1.O', external: 400, moreExternals: [500] });
    await driver.readFirmware();
    sim.inject({ fault: 'drop-bytes' });
    expect(await codeOf(driver.read())).toBe('FRAME_TRUNCATED');
  });

  it('unplugging while waiting for an answer gives DEVICE_UNPLUGGED', async () => {
    const { sim, driver } = await driverFor({ firmware: 'TEMPerGold_V3.1' });
    await driver.readFirmware();
    sim.inject({ fault: 'unplug' });
    expect(await codeOf(driver.read())).toBe('DEVICE_UNPLUGGED');
    expect(await codeOf(sim.open())).toBe('DEVICE_UNPLUGGED');
  });

  it('recovers after a fault that was injected once', async () => {
    const { sim, driver } = await driverFor({ firmware: 'TEMPerGold_V3.1', internal: 2222 });
    sim.inject({ fault: 'stall', times: 1 });
    expect(await codeOf(driver.read())).toBe('DEVICE_TIMEOUT');
    expect((await driver.read())[0]!.tempCentiC).toBe(2222);
  });
});
