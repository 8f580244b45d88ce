import { describe, expect, it } from 'vitest';
import { runDeviceClockByItself } from '../testing/device-clock';
import { rejectionCodeOf as codeOf } from '../../../tests/support/device-captures';
import { ElUsbLogger, type ElUsbDownload } from './elusb-driver';
import { ElUsbSimulator, halfDegreesByte, walkInLog, type ElUsbSimulatorOptions } from './simulators/elusb-simulator';

runDeviceClockByItself();

function connect(options: ElUsbSimulatorOptions = {}): { sim: ElUsbSimulator; logger: ElUsbLogger } {
  const sim = new ElUsbSimulator(options);
  return { sim, logger: new ElUsbLogger(sim.open()) };
}

const BERLIN = 'Europe/Berlin';
const isCommand = (first: number) => (r: Uint8Array) => r.length === 3 && r[0] === first && r[1] === 0xff && r[2] === 0xff;
const readLog = isCommand(0x03);
const readConfig = isCommand(0x00);

describe('EL-USB download', () => {
  it('downloads all 2,000 samples of an EL-USB-2 with progress, in half degrees and half percent, placed one interval apart', async () => {
    const samples = walkInLog(2000);
    const { sim, logger } = connect({ samples, start: { year: 2024, month: 1, day: 10, hour: 9, minute: 0, second: 0 } });
    const progress: [number, number][] = [];
    const result = await logger.download({ timeZone: BERLIN, onProgress: (done, total) => progress.push([done, total]) });

    expect(result).toMatchObject({ model: 'EL-USB-2', serialNumber: '4660', intervalS: 60 });
    expect(result.readings).toHaveLength(2000);
    expect(result.readings.map((r) => r.tempCentiC)).toEqual(samples.map((s) => s.t * 50 - 4000));
    expect(result.readings.map((r) => r.rhCentiPct)).toEqual(samples.map((s) => s.rh! * 50));
    expect(result.readings.some((r) => r.tempCentiC % 100 !== 0)).toBe(true);
    // 09:00 in Berlin in January is 08:00 UTC; then one sample a minute.
    expect(result.readings[0]!.atMs).toBe(Date.parse('2024-01-10T08:00:00Z'));
    expect(result.readings[1999]!.atMs).toBe(Date.parse('2024-01-10T08:00:00Z') + 1999 * 60_000);
    // 4,000 bytes in reads of up to 4 KB: one chunk, after the start.
    expect(progress).toEqual([
      [0, 2000],
      [2000, 2000],
    ]);
    // libsigrok's wake-up: three vendor control transfers before the command.
    expect(sim.controlTransfers.slice(0, 3)).toEqual([
      [0x00, 0xffff, 0],
      [0x02, 0x0002, 0],
      [0x02, 0x0001, 0],
    ]);
    expect(sim.requests.filter(readLog)).toHaveLength(1);
  });

  it('reports progress chunk by chunk on a full logger', async () => {
    const { logger } = connect({ samples: walkInLog(16_000) });
    const progress: number[] = [];
    const result = await logger.download({ timeZone: 'UTC', onProgress: (done) => progress.push(done) });
    expect(result.readings).toHaveLength(16_000);
    expect(progress).toEqual([0, 2048, 4096, 6144, 8192, 10240, 12288, 14336, 16000]);
  });

  it('reads an EL-USB-1 one byte a sample, temperature only', async () => {
    const { logger } = connect({ modelId: 1, samples: [{ t: halfDegreesByte(-18) }, { t: halfDegreesByte(-17.5) }, { t: halfDegreesByte(3) }] });
    const result = await logger.download({ timeZone: 'UTC' });
    expect(result.model).toBe('EL-USB-1');
    expect(result.readings.map(({ tempCentiC, rhCentiPct }) => ({ tempCentiC, rhCentiPct }))).toEqual([
      { tempCentiC: -1800, rhCentiPct: undefined },
      { tempCentiC: -1750, rhCentiPct: undefined },
      { tempCentiC: 300, rhCentiPct: undefined },
    ]);
  });

  it('leaves out 00 00 samples, keeping the times of the others', async () => {
    const { logger } = connect({ samples: [{ t: 84, rh: 150 }, { t: 0, rh: 0 }, { t: 86, rh: 152 }], start: { year: 2024, month: 6, day: 1, hour: 0, minute: 0, second: 0 } });
    const { readings } = await logger.download({ timeZone: 'UTC' });
    expect(readings).toEqual([
      { atMs: Date.parse('2024-06-01T00:00:00Z'), tempCentiC: 200, rhCentiPct: 7500 },
      { atMs: Date.parse('2024-06-01T00:02:00Z'), tempCentiC: 300, rhCentiPct: 7600 },
    ]);
  });

  it('converts a Fahrenheit logger to hundredths of a degree Celsius', async () => {
    const { logger } = connect({ unitCode: 1, samples: [{ t: 72, rh: 100 }, { t: 0, rh: 100 }] });
    const { readings } = await logger.download({ timeZone: 'UTC' });
    expect(readings.map((r) => r.tempCentiC)).toEqual([0, -4000]);
  });

  it('returns no readings for an empty log, without asking for the memory', async () => {
    const { sim, logger } = connect({ samples: [] });
    expect((await logger.download({ timeZone: BERLIN })).readings).toEqual([]);
    expect(sim.requests.filter(readLog)).toHaveLength(0);
  });

  it('refuses other EasyLog models by name, before reading their memory', async () => {
    const { sim, logger } = connect({ modelId: 9 });
    await expect(logger.download({ timeZone: BERLIN })).rejects.toMatchObject({
      code: 'DEVICE_UNSUPPORTED',
      message: 'The Lascar EL-USB-CO is an EasyLog model OpsFlow cannot read. OpsFlow reads the EL-USB-1 and EL-USB-2 temperature loggers.',
    });
    expect(sim.requests.filter(readLog)).toHaveLength(0);
  });

  it('refuses an unknown time zone before asking the logger anything', async () => {
    const { sim, logger } = connect();
    expect(await codeOf(logger.download({ timeZone: 'Nowhere/Atlantis' }))).toBe('BAD_INPUT');
    expect(sim.requests).toHaveLength(0);
  });

  it('a second download reads the same log again', async () => {
    const { logger } = connect({ samples: walkInLog(300) });
    const first = await logger.download({ timeZone: BERLIN });
    expect(await logger.download({ timeZone: BERLIN })).toEqual(first);
  });
});

describe('EL-USB faults: the download fails with a sentence and returns nothing', () => {
  async function failedDownload(sim: ElUsbSimulator, logger: ElUsbLogger) {
    const progress: number[] = [];
    let result: ElUsbDownload | undefined;
    const error = await logger.download({ timeZone: BERLIN, onProgress: (done) => progress.push(done) }).then(
      (r) => {
        result = r;
        return null;
      },
      (e: unknown) => e,
    );
    return { error, result, progress, sim };
  }

  it('an unplug in the middle of the log fails with DEVICE_UNPLUGGED', async () => {
    const { sim, logger } = connect({ samples: walkInLog(16_000) });
    sim.inject({ fault: 'unplug', when: readLog });
    const { error, result, progress } = await failedDownload(sim, logger);
    expect(error).toMatchObject({ code: 'DEVICE_UNPLUGGED', message: 'The logger was unplugged. Nothing from it was stored; plug it in again and retry.' });
    expect(result).toBeUndefined();
    expect(progress.at(-1)).toBeLessThan(16_000);
    expect(progress.at(-1)).toBeGreaterThan(0);
  });

  it('a log that stops short of what was announced fails with FRAME_TRUNCATED, saying how much arrived', async () => {
    const { sim, logger } = connect({ samples: walkInLog(2000) });
    sim.inject({ fault: 'short-read', when: readLog });
    const { error, result } = await failedDownload(sim, logger);
    expect(error).toMatchObject({
      code: 'FRAME_TRUNCATED',
      message: "The logger's log was cut short: 1333 of 4000 bytes arrived. Nothing from it was stored; unplug it, plug it in again and retry.",
    });
    expect(result).toBeUndefined();
  });

  it('a log announced shorter than the stored samples fails with FRAME_INVALID', async () => {
    const { sim, logger } = connect({ samples: walkInLog(2000) });
    sim.inject({ fault: 'bad-length', when: readLog });
    const { error, result } = await failedDownload(sim, logger);
    expect(error).toMatchObject({ code: 'FRAME_INVALID', message: expect.stringMatching(/^The logger announced a log of 1000 bytes, too short for the 2000 samples it says it holds\. Nothing from it was stored/) });
    expect(result).toBeUndefined();
  });

  it('a configuration announced at a length no EL-USB has fails with FRAME_INVALID', async () => {
    const { sim, logger } = connect();
    sim.inject({ fault: 'bad-length', when: readConfig });
    expect(await codeOf(logger.download({ timeZone: BERLIN }))).toBe('FRAME_INVALID');
    expect(sim.requests.filter(readLog)).toHaveLength(0);
  });

  it('a configuration cut short fails with FRAME_TRUNCATED', async () => {
    const { sim, logger } = connect();
    sim.inject({ fault: 'short-read', when: readConfig });
    expect(await codeOf(logger.download({ timeZone: BERLIN }))).toBe('FRAME_TRUNCATED');
  });

  it('an answer that is not an EL-USB header fails with FRAME_INVALID', async () => {
    const { sim, logger } = connect();
    sim.inject({ fault: 'garbage', when: readLog });
    expect(await codeOf(logger.download({ timeZone: BERLIN }))).toBe('FRAME_INVALID');
  });

  it('a logger that does not answer times out with a sentence', async () => {
    const { sim, logger } = connect();
    sim.inject({ fault: 'stall' });
    await expect(logger.download({ timeZone: BERLIN })).rejects.toMatchObject({
      code: 'DEVICE_TIMEOUT',
      message: 'The logger stopped answering. Nothing from it was stored; unplug it, plug it in again and retry.',
    });
  });

  it('a humidity byte over 100 %RH fails the whole download, naming the sample', async () => {
    const samples = walkInLog(500);
    samples[321] = { t: 90, rh: 230 };
    const { logger } = connect({ samples });
    await expect(logger.download({ timeZone: BERLIN })).rejects.toMatchObject({ code: 'FRAME_INVALID', message: expect.stringContaining('Sample 322') });
  });

  it('a failed download can simply be run again: the unread end of the log is flushed first', async () => {
    const { sim, logger } = connect({ samples: walkInLog(2000) });
    sim.inject({ fault: 'short-read', when: readLog, times: 1 });
    expect(await codeOf(logger.download({ timeZone: BERLIN }))).toBe('FRAME_TRUNCATED');
    expect((await logger.download({ timeZone: BERLIN })).readings).toHaveLength(2000);
  });
});

describe('EL-USB after a download', () => {
  it("restarts logging now, in the location's wall time, with the same interval; the log is then empty", async () => {
    const { sim, logger } = connect({ intervalS: 300 });
    const { config } = await logger.download({ timeZone: BERLIN });
    sim.logging = false;
    await logger.restartLogging(config, 'America/New_York', Date.parse('2024-07-04T16:30:15Z'));
    expect(sim.restarts).toBe(1);
    expect(sim).toMatchObject({ logging: true, intervalS: 300, start: { year: 2024, month: 7, day: 4, hour: 12, minute: 30, second: 15 } });
    expect((await logger.download({ timeZone: BERLIN })).readings).toEqual([]);
    // The save is announced with its length, then the block itself.
    const save = sim.requests.findIndex((r) => r[0] === 0x01 && r.length === 3);
    expect([...sim.requests[save]!]).toEqual([0x01, 64, 0]);
    expect(sim.requests[save + 1]).toHaveLength(64);
  });

  it('a restart the logger does not confirm fails with a sentence', async () => {
    const { sim, logger } = connect();
    const { config } = await logger.download({ timeZone: BERLIN });
    sim.unplug();
    await expect(logger.restartLogging(config, BERLIN)).rejects.toMatchObject({ code: 'DEVICE_UNPLUGGED' });
  });
});
