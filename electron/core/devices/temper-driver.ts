import { findTemperRule, type TemperRule } from '../../../domain/devices/device-table';
import {
  decodeTemperFirmware,
  decodeTemperReportWithRule,
  encodeTemperFirmwareQuery,
  encodeTemperReadCommand,
} from '../../../domain/devices/temper';
import type { DecodedReading } from '../../../domain/devices/types';
import { OpsFlowError } from '../../../domain/errors';
import { deviceTimeoutError, type HidDevice } from './transport';

/** PCsensor TEMPer over USB HID: ask the firmware name once, then read on demand. */

export interface TemperDriverOptions {
  /** Wait for the first report of an answer. */
  answerTimeoutMs?: number;
  /**
   * Wait for each further report. Newer boards send the external probe in a second report and
   * the firmware name in two or more; the answer is over when none comes within this time.
   */
  nextReportMs?: number;
}

const MAX_ANSWER_REPORTS = 4;
const MAX_STALE_REPORTS = 16;
const FIRMWARE_ATTEMPTS = 3;
/** The range of the sensors on these boards (FM75, Si7021, DS18B20 probe: -55 .. +125 C). */
const MIN_PLAUSIBLE_CENTI_C = -5500;
const MAX_PLAUSIBLE_CENTI_C = 12500;

export class TemperDriver {
  private rule: TemperRule | null = null;
  private firmwareName: string | null = null;
  private readonly answerTimeoutMs: number;
  private readonly nextReportMs: number;

  constructor(
    private readonly device: HidDevice,
    options: TemperDriverOptions = {},
  ) {
    this.answerTimeoutMs = options.answerTimeoutMs ?? 1000;
    this.nextReportMs = options.nextReportMs ?? 100;
  }

  /** The firmware name, once readFirmware() has run. */
  get firmware(): string | null {
    return this.firmwareName;
  }

  /** Asks the device its firmware name and picks the decode rule; DEVICE_UNSUPPORTED for unknown families. */
  async readFirmware(): Promise<string> {
    return (await this.identify()).firmware;
  }

  /** One reading per connected channel, before calibration. */
  async read(): Promise<DecodedReading[]> {
    const rule = this.rule ?? (await this.identify()).rule;
    const reports = await this.ask(encodeTemperReadCommand(), rule.twoReports ? 2 : 1);
    const readings = decodeTemperReportWithRule(rule, reports);
    for (const r of readings) checkPlausible(r, rule);
    return readings;
  }

  async close(): Promise<void> {
    await this.device.close();
  }

  private async identify(): Promise<{ firmware: string; rule: TemperRule }> {
    const firmware = await this.askFirmware();
    const rule = findTemperRule(firmware);
    this.firmwareName = firmware;
    this.rule = rule;
    return { firmware, rule };
  }

  /** Some boards now and then send half their name: asked again at once, as the upstream tools do. */
  private async askFirmware(): Promise<string> {
    for (let attempt = 1; ; attempt++) {
      try {
        return decodeTemperFirmware(await this.ask(encodeTemperFirmwareQuery(), MAX_ANSWER_REPORTS));
      } catch (err) {
        if (attempt >= FIRMWARE_ATTEMPTS || !(err instanceof OpsFlowError) || err.code !== 'FRAME_TRUNCATED') throw err;
      }
    }
  }

  private async ask(command: Uint8Array, maxReports: number): Promise<Uint8Array[]> {
    await this.discardStaleReports();
    await this.device.write(command);
    const first = await this.device.read(this.answerTimeoutMs);
    if (!first) throw deviceTimeoutError({ device: 'temper' });
    const reports = [first];
    while (reports.length < maxReports) {
      const next = await this.device.read(this.nextReportMs);
      if (!next) break;
      reports.push(next);
    }
    return reports;
  }

  /** A report left over from an earlier answer (say a late second report) would shift this one. */
  private async discardStaleReports(): Promise<void> {
    for (let i = 0; i < MAX_STALE_REPORTS && (await this.device.read(0)); i++);
  }
}

/** A HID report has no checksum of its own; a value no sensor can produce means the answer is noise. */
function checkPlausible(reading: DecodedReading, rule: TemperRule): void {
  const tempOk = reading.tempCentiC >= MIN_PLAUSIBLE_CENTI_C && reading.tempCentiC <= MAX_PLAUSIBLE_CENTI_C;
  const rhOk = reading.rhCentiPct === null || (reading.rhCentiPct >= 0 && reading.rhCentiPct <= 10000);
  if (!tempOk || !rhOk) {
    throw new OpsFlowError(
      'FRAME_INVALID',
      'The thermometer answered with a value no sensor can measure; OpsFlow will ask again. If this keeps happening, unplug it and plug it in again.',
      { family: rule.family, channel: reading.channel, tempCentiC: reading.tempCentiC, rhCentiPct: reading.rhCentiPct },
    );
  }
}
