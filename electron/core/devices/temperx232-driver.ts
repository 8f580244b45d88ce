import { SERIAL_SETTINGS } from '../../../domain/devices/device-table';
import {
  decodeTemperX232Calibration,
  decodeTemperX232Reading,
  decodeTemperX232SetCalibReply,
  decodeTemperX232Version,
  encodeTemperX232Command,
  encodeTemperX232SetCalib,
  TEMPERX232_MAX_REPLY_BYTES,
  type TemperX232Calibration,
} from '../../../domain/devices/temperx232';
import type { DecodedReading, InnerOuterChannel as Channel } from '../../../domain/devices/types';
import { OpsFlowError } from '../../../domain/errors';
import { exchange, type ByteStream, type LineSettings, type ReadUntil } from './transport';

/** PCsensor TEMPerX232: ASCII commands over a 9600 8N1 serial port. */

export interface TemperX232DriverOptions {
  timeoutMs?: number;
  /**
   * Quiet time that ends a reply. ReadTemp sends a second line only when a probe is connected,
   * and Version has no terminator at all, so the end of a reply is the line going quiet.
   */
  settleMs?: number;
}

const LT = 0x3c; // '<' ends each reading line

/** One byte past the longest reply the decoders accept: enough to know a reply is too long, and no more. */
const MAX_READ_BYTES = TEMPERX232_MAX_REPLY_BYTES + 1;

export const TEMPERX232_LINE: LineSettings = {
  baudRate: SERIAL_SETTINGS.temperx232.baudRate,
  parity: 'none',
  dataBits: 8,
  stopBits: 1,
};

export class TemperX232Driver {
  private readonly timeoutMs: number;
  private readonly settleMs: number;

  constructor(
    private readonly stream: ByteStream,
    options: TemperX232DriverOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? SERIAL_SETTINGS.temperx232.timeoutMs;
    this.settleMs = options.settleMs ?? 100;
  }

  async open(): Promise<void> {
    await this.stream.open(TEMPERX232_LINE);
  }

  async close(): Promise<void> {
    await this.stream.close();
  }

  /** "TEMPerX232_V2.5" */
  async readVersion(): Promise<string> {
    return decodeTemperX232Version(await this.ask(encodeTemperX232Command('Version'), this.anyReply()));
  }

  /** One reading per connected channel, after the offsets stored in the device. */
  async read(): Promise<DecodedReading[]> {
    return decodeTemperX232Reading(await this.ask(encodeTemperX232Command('ReadTemp'), this.lineReply()));
  }

  async readCalibration(): Promise<TemperX232Calibration[]> {
    return decodeTemperX232Calibration(await this.ask(encodeTemperX232Command('ReadCalib'), this.lineReply()));
  }

  /** Offsets in hundredths, multiples of 10 from -1000 to +1000 (the device stores tenths). */
  async setCalibration(channel: Channel, tempOffsetCentiC: number, rhOffsetCentiPct: number): Promise<void> {
    const request = encodeTemperX232SetCalib(channel, tempOffsetCentiC, rhOffsetCentiPct);
    const reply = decodeTemperX232SetCalibReply(await this.ask(request, this.anyReply()));
    if (reply.channel !== channel || !reply.tempOk || !reply.rhOk) {
      throw new OpsFlowError('BAD_INPUT', 'The thermometer refused the calibration offset. Offsets must be between -10.0 and +10.0.', {
        channel,
        tempOffsetCentiC,
        rhOffsetCentiPct,
        reply,
      });
    }
  }

  private ask(request: Uint8Array, until: ReadUntil): Promise<Uint8Array> {
    return exchange(this.stream, request, until);
  }

  /** Complete at a "<" (then trailing line endings), and quiet for settleMs in case another line follows. */
  private lineReply(): ReadUntil {
    return {
      isComplete: (r) => lastNonBlank(r) === LT,
      timeoutMs: this.timeoutMs,
      settleMs: this.settleMs,
      maxBytes: MAX_READ_BYTES,
    };
  }

  private anyReply(): ReadUntil {
    return { isComplete: (r) => r.length > 0, timeoutMs: this.timeoutMs, settleMs: this.settleMs, maxBytes: MAX_READ_BYTES };
  }
}

function lastNonBlank(bytes: Uint8Array): number | undefined {
  for (let i = bytes.length - 1; i >= 0; i--) {
    const b = bytes[i]!;
    if (b !== 0x0d && b !== 0x0a && b !== 0x20) return b;
  }
  return undefined;
}
