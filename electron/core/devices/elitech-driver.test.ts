import { afterEach, describe, expect, it } from 'vitest';
import { runDeviceClockByItself } from '../testing/device-clock';
import { ElitechLogger, type ElitechDownload } from './elitech-driver';
import { bodyPage, coldRoomHumidityTenths, ElitechSimulator, freezerLogTenths, type ElitechSimulatorOptions } from './simulators/elitech-simulator';
import { rejectionCodeOf as codeOf } from '../../../tests/support/device-captures';

runDeviceClockByItself();
const loggers: ElitechLogger[] = [];
afterEach(async () => {
  await Promise.all(loggers.splice(0).map((l) => l.close()));
});

async function connect(options: ElitechSimulatorOptions = {}): Promise<{ sim: ElitechSimulator; logger: ElitechLogger }> {
  const sim = new ElitechSimulator(options);
  const logger = new ElitechLogger(sim.stream());
  await logger.open();
  loggers.push(logger);
  return { sim, logger };
}

const BERLIN = 'Europe/Berlin';
const pageRequests = (sim: ElitechSimulator, page: number): number => sim.requests.filter(bodyPage(page)).length;

describe('Elitech download', () => {
  for (const [model, pageSize] of [
    ['RC-4', 100],
    ['RC-5', 500],
  ] as const) {
    it(`downloads all 2,000 records of an ${model} page by page, ${pageSize} a page, below zero included`, async () => {
      const recordsTenths = freezerLogTenths(2000);
      const { sim, logger } = await connect({ model, recordsTenths, start: { year: 2024, month: 1, day: 10, hour: 9, minute: 0, second: 0 } });
      const progress: [number, number][] = [];
      const result = await logger.download({ timeZone: BERLIN, onProgress: (done, total) => progress.push([done, total]) });

      expect(result.serialNumber).toBe('EL20240001');
      expect(result.intervalS).toBe(60);
      expect(result.deviceInfo.model).toBe(model);
      expect(result.readings).toHaveLength(2000);
      expect(result.readings.map((r) => r.tempCentiC)).toEqual(recordsTenths.map((t) => t * 10));
      expect(result.readings.some((r) => r.tempCentiC < 0)).toBe(true);
      // 09:00 in Berlin in January is 08:00 UTC; then one record a minute.
      expect(result.readings[0]!.atMs).toBe(Date.parse('2024-01-10T08:00:00Z'));
      expect(result.readings[1999]!.atMs).toBe(Date.parse('2024-01-10T08:00:00Z') + 1999 * 60_000);
      expect(progress[0]).toEqual([0, 2000]);
      expect(progress.at(-1)).toEqual([2000, 2000]);
      expect(progress).toHaveLength(1 + 2000 / pageSize);
      expect(sim.requests.filter((r) => r[2] === 0x02)).toHaveLength(2000 / pageSize);
    });
  }

  it('asks for a short last page', async () => {
    const { logger } = await connect({ model: 'RC-5', recordsTenths: freezerLogTenths(1234) });
    const result = await logger.download({ timeZone: BERLIN });
    expect(result.readings).toHaveLength(1234);
  });

  it('places records evenly across a change to summer time', async () => {
    const { logger } = await connect({ recordsTenths: freezerLogTenths(180), start: { year: 2024, month: 3, day: 31, hour: 1, minute: 0, second: 0 } });
    const { readings } = await logger.download({ timeZone: BERLIN });
    expect(readings[0]!.atMs).toBe(Date.parse('2024-03-31T00:00:00Z'));
    for (let i = 1; i < readings.length; i++) expect(readings[i]!.atMs - readings[i - 1]!.atMs).toBe(60_000);
  });

  it('converts a Fahrenheit logger to hundredths of a degree Celsius', async () => {
    const { logger } = await connect({ unit: 'F', recordsTenths: [320, -40, 986] });
    const { readings } = await logger.download({ timeZone: 'UTC' });
    expect(readings.map((r) => r.tempCentiC)).toEqual([0, -2000, 3700]);
  });

  it('returns no readings for an empty log', async () => {
    const { logger } = await connect({ recordsTenths: [] });
    const result = await logger.download({ timeZone: BERLIN });
    expect(result.readings).toEqual([]);
  });

  it('uses the bridge serial number when the logger has no device number', async () => {
    const { logger } = await connect({ deviceNumber: null, recordsTenths: [10] });
    expect((await logger.download({ timeZone: BERLIN, fallbackSerialNumber: 'CP2102-0042' })).serialNumber).toBe('CP2102-0042');
  });

  it('accepts device info that breaks the sum rule once two fetches agree byte for byte', async () => {
    const { sim, logger } = await connect({ devInfoChecksumQuirk: true, recordsTenths: [10, 20] });
    const result = await logger.download({ timeZone: BERLIN });
    expect(result.deviceInfo.warnings).toEqual(['CHECKSUM_MISMATCH']);
    expect(sim.requests.filter((r) => r[0] === 0xcc && r[2] === 0x06)).toHaveLength(2);
  });

  it('refuses an unknown time zone before asking the logger anything', async () => {
    const { sim, logger } = await connect();
    expect(await codeOf(logger.download({ timeZone: 'Nowhere/Atlantis' }))).toBe('BAD_INPUT');
    expect(sim.requests).toHaveLength(0);
  });
});

describe('Elitech RC-4HC download (temperature and humidity)', () => {
  it('downloads 350 records in four pages of 200, 200, 200 and 100 values, with times, temperatures and humidity', async () => {
    const recordsTenths = freezerLogTenths(350);
    const humidityTenths = coldRoomHumidityTenths(350);
    const start = { year: 2024, month: 1, day: 10, hour: 9, minute: 0, second: 0 };
    const { sim, logger } = await connect({ model: 'RC-4HC', recordsTenths, humidityTenths, intervalS: 300, start });
    const progress: [number, number][] = [];
    const result = await logger.download({ timeZone: BERLIN, onProgress: (done, total) => progress.push([done, total]) });

    expect(result.deviceInfo.model).toBe('RC-4HC');
    expect(result.readings).toHaveLength(350);
    expect(result.readings.map((r) => r.tempCentiC)).toEqual(recordsTenths.map((t) => t * 10));
    expect(result.readings.map((r) => r.rhCentiPct)).toEqual(humidityTenths.map((h) => h * 10));
    expect(result.readings.some((r) => r.tempCentiC < 0)).toBe(true);
    // 09:00 in Berlin in January is 08:00 UTC; then one record every five minutes.
    const firstMs = Date.parse('2024-01-10T08:00:00Z');
    expect(result.readings.map((r) => r.atMs)).toEqual(recordsTenths.map((_, i) => firstMs + i * 300_000));
    expect(progress).toEqual([
      [0, 350],
      [100, 350],
      [200, 350],
      [300, 350],
      [350, 350],
    ]);
    expect(sim.requests.filter((r) => r[2] === 0x02).map((r) => r[3])).toEqual([0, 1, 2, 3]);
  });

  it('converts a Fahrenheit RC-4HC to hundredths of a degree Celsius', async () => {
    const { logger } = await connect({ model: 'RC-4HC', unit: 'F', recordsTenths: [320, -40], humidityTenths: [450, 910] });
    const { readings } = await logger.download({ timeZone: 'UTC' });
    expect(readings.map(({ tempCentiC, rhCentiPct }) => ({ tempCentiC, rhCentiPct }))).toEqual([
      { tempCentiC: 0, rhCentiPct: 4500 },
      { tempCentiC: -2000, rhCentiPct: 9100 },
    ]);
  });

  it('fetches a damaged RC-4HC page again and completes', async () => {
    const { sim, logger } = await connect({ model: 'RC-4HC', recordsTenths: freezerLogTenths(350) });
    sim.inject({ fault: 'corrupt', when: bodyPage(3), times: 1 });
    expect((await logger.download({ timeZone: BERLIN })).readings).toHaveLength(350);
    expect(pageRequests(sim, 3)).toBe(2);
  });

  it('a page whose humidity is not 0–100 %RH fails the whole download with FRAME_INVALID and stores nothing', async () => {
    const humidityTenths = coldRoomHumidityTenths(350);
    humidityTenths[320] = 1234;
    const { sim, logger } = await connect({ model: 'RC-4HC', recordsTenths: freezerLogTenths(350), humidityTenths });
    const progress: number[] = [];
    let result: ElitechDownload | undefined;
    const err = await logger.download({ timeZone: BERLIN, onProgress: (done) => progress.push(done) }).then(
      (r) => (result = r),
      (e: unknown) => e,
    );
    expect(err).toMatchObject({
      code: 'FRAME_INVALID',
      message: expect.stringMatching(/did not have the expected temperature and humidity layout.*nothing from it was stored/),
    });
    expect(result).toBeUndefined();
    expect(progress.at(-1)).toBe(300);
    // The page arrived intact, so it is not asked for again: the same bytes would come back.
    expect(pageRequests(sim, 3)).toBe(1);
  });
});

describe('Elitech faults', () => {
  it('fetches a damaged page again and completes', async () => {
    const { sim, logger } = await connect();
    sim.inject({ fault: 'corrupt', when: bodyPage(3), times: 2 });
    const result = await logger.download({ timeZone: BERLIN });
    expect(result.readings).toHaveLength(2000);
    expect(pageRequests(sim, 3)).toBe(3);
  });

  const failing = [
    { fault: 'corrupt', code: 'CHECKSUM_MISMATCH' },
    { fault: 'drop-bytes', code: 'FRAME_TRUNCATED' },
    { fault: 'garbage', code: 'FRAME_INVALID' },
    { fault: 'stall', code: 'DEVICE_TIMEOUT' },
  ] as const;
  for (const c of failing) {
    it(`a page spoilt by '${c.fault}' every time fails the download with ${c.code} after three re-fetches, returning nothing`, async () => {
      const { sim, logger } = await connect();
      sim.inject({ fault: c.fault, when: bodyPage(7) });
      const progress: number[] = [];
      let result: ElitechDownload | undefined;
      const code = await codeOf(logger.download({ timeZone: BERLIN, onProgress: (done) => progress.push(done) }).then((r) => (result = r)));
      expect(code).toBe(c.code);
      expect(result).toBeUndefined();
      expect(pageRequests(sim, 7)).toBe(4);
      expect(pageRequests(sim, 8)).toBe(0);
      expect(progress.at(-1)).toBe(700);
    });
  }

  it('an unplug in the middle of a page fails the download with DEVICE_UNPLUGGED', async () => {
    const { sim, logger } = await connect({ model: 'RC-5' });
    sim.inject({ fault: 'unplug', when: bodyPage(2) });
    await expect(logger.download({ timeZone: BERLIN })).rejects.toMatchObject({
      code: 'DEVICE_UNPLUGGED',
      message: expect.stringContaining('Nothing from it was stored'),
    });
  });

  it('a failed download can simply be run again', async () => {
    const { sim, logger } = await connect();
    sim.inject({ fault: 'stall', when: bodyPage(1), times: 4 });
    expect(await codeOf(logger.download({ timeZone: BERLIN }))).toBe('DEVICE_TIMEOUT');
    expect((await logger.download({ timeZone: BERLIN })).readings).toHaveLength(2000);
  });

  it('a logger that does not answer at all times out', async () => {
    const { sim, logger } = await connect();
    sim.inject({ fault: 'stall' });
    expect(await codeOf(logger.readDeviceInfo())).toBe('DEVICE_TIMEOUT');
  });
});

describe('Elitech after a download', () => {
  it('restarts logging with the same settings, which empties the log', async () => {
    const { sim, logger } = await connect({ intervalS: 300 });
    const { deviceInfo } = await logger.download({ timeZone: BERLIN });
    await logger.restartLogging(deviceInfo);
    expect(sim.restarts).toBe(1);
    expect(sim.intervalS).toBe(300);
    expect((await logger.download({ timeZone: BERLIN })).readings).toEqual([]);
  });

  it("sets the logger clock to the location's wall time", async () => {
    const { sim, logger } = await connect();
    await logger.setClock(1, 'America/New_York', Date.parse('2024-07-04T16:30:15Z'));
    expect(sim.clock).toMatchObject({ year: 2024, month: 7, day: 4, hour: 12, minute: 30 });
  });
});
