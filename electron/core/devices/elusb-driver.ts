import {
  ELUSB_READ_CONFIG,
  ELUSB_READ_LOG,
  ELUSB_SAVE_ACK,
  decodeElUsbConfig,
  decodeElUsbHeader,
  decodeElUsbSamples,
  elUsbSampleFormat,
  encodeElUsbSaveRequest,
  restartedElUsbConfig,
  type ElUsbConfig,
  type ElUsbSample,
} from '../../../domain/devices/elusb';
import { elitechWallClockMs, isValidElitechDateTime } from '../../../domain/devices/elitech-frame';
import { OpsFlowError, isOpsFlowError } from '../../../domain/errors';
import { utcToWallClockMs, wallClockFields, wallClockToUtcMs, zoneOffsetMs } from './logger-clock';
import type { UsbBulkDevice } from './transport';

/**
 * Lascar EasyLog EL-USB-1 / EL-USB-2 stored-log download, over any UsbBulkDevice (the `usb`
 * package, or the simulator). The sequence is libsigrok's: three vendor control transfers that
 * set the SiLabs F32x up, a flush of whatever it still has queued, then one command and its answer.
 *
 * All or nothing, like the Elitech download: the whole log is read and checked before anything
 * is returned, so a download cut short stores nothing and can simply be run again.
 */

export interface ElUsbLoggerOptions {
  /** Per bulk read; libsigrok allows a transfer 10 s. */
  timeoutMs?: number;
}

export interface ElUsbDownloadOptions {
  /** IANA zone of the location: the logger keeps its start time as wall time, with no zone. */
  timeZone: string;
  /** After each chunk of the log, in samples: (done, total). */
  onProgress?: (done: number, total: number) => void;
}

export interface ElUsbReading {
  atMs: number;
  tempCentiC: number;
  rhCentiPct?: number;
}

export interface ElUsbDownload {
  config: ElUsbConfig;
  /** "EL-USB-2". */
  model: string;
  /** The serial number in the logger's configuration; calibration and readings are keyed by it. */
  serialNumber: string;
  intervalS: number;
  readings: ElUsbReading[];
}

/** libsigrok's reads: 256 bytes for an answer header (which must come alone), 4 KB for the log. */
const HEADER_READ = 256;
const LOG_CHUNK = 4096;
/** A flush read ends as soon as the device has nothing queued. */
const FLUSH_MS = 5;
/** Bulk reads ask for whole 64-byte packets: a read shorter than the packet the device sends overflows. */
const PACKET = 64;
const wholePackets = (bytes: number): number => Math.ceil(bytes / PACKET) * PACKET;

export class ElUsbLogger {
  private readonly timeoutMs: number;

  constructor(
    private readonly device: UsbBulkDevice,
    options: ElUsbLoggerOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? 10_000;
  }

  async close(): Promise<void> {
    await this.device.close();
  }

  /** Reads the configuration block: enough to tell which EasyLog this is. */
  async readConfig(): Promise<ElUsbConfig> {
    try {
      await this.wake();
      const length = await this.command(ELUSB_READ_CONFIG, 'configuration');
      return decodeElUsbConfig(await this.readBody(length, 'configuration'));
    } catch (err) {
      throw gaveUp(err);
    }
  }

  /** The whole log, or an error: never part of it. */
  async download(options: ElUsbDownloadOptions): Promise<ElUsbDownload> {
    zoneOffsetMs(0, options.timeZone); // a bad zone name fails before the download, not after it
    const config = await this.readConfig();
    const format = elUsbSampleFormat(config);
    const total = config.storedSamples;
    const model = config.model ?? 'EL-USB';
    if (total > 0 && (!isValidElitechDateTime(config.start) || config.intervalS <= 0)) {
      throw new OpsFlowError('FRAME_INVALID', "The logger's start time or interval is not valid, so its samples cannot be placed in time.", {
        start: config.start,
        intervalS: config.intervalS,
      });
    }
    options.onProgress?.(0, total);
    const download = { config, model, serialNumber: String(config.serialNumber), intervalS: config.intervalS };
    // libsigrok does not ask an empty logger for its memory either.
    if (total === 0) return { ...download, readings: [] };

    let samples: ElUsbSample[];
    try {
      const announced = await this.command(ELUSB_READ_LOG, 'log');
      const needed = total * format.size;
      if (announced < needed) {
        throw new OpsFlowError('FRAME_INVALID', `The logger announced a log of ${announced} bytes, too short for the ${total} samples it says it holds.`, {
          announced,
          needed,
        });
      }
      // Only the stored samples are read; the rest of the memory is flushed before the next command.
      const log = await this.readBody(needed, 'log', (got) => options.onProgress?.(Math.floor(got / format.size), total));
      samples = decodeElUsbSamples(log, format, total);
    } catch (err) {
      throw gaveUp(err);
    }

    // The logger samples on a fixed period and keeps no zone, so only the start is converted.
    const startMs = wallClockToUtcMs(elitechWallClockMs(config.start), options.timeZone);
    const intervalMs = config.intervalS * 1000;
    return {
      ...download,
      readings: samples.map(({ index, ...values }) => ({ atMs: startMs + index * intervalMs, ...values })),
    };
  }

  /**
   * Starts a new, empty log now (location wall time), with the logger's other settings as they
   * are. Only after the downloaded readings are stored: this is the step that erases them.
   */
  async restartLogging(config: ElUsbConfig, timeZone: string, nowMs: number = Date.now()): Promise<void> {
    const block = restartedElUsbConfig(config, wallClockFields(utcToWallClockMs(nowMs, timeZone)));
    try {
      await this.wake();
      await this.flush();
      await this.device.bulkOut(encodeElUsbSaveRequest(block.length));
      await this.device.bulkOut(block);
      const ack = await this.device.bulkIn(HEADER_READ, this.timeoutMs);
      if (ack.length !== 1 || ack[0] !== ELUSB_SAVE_ACK) {
        throw new OpsFlowError('FRAME_INVALID', 'The logger did not confirm its new settings. Check them with EasyLog before using it.', { ack: [...ack] });
      }
    } catch (err) {
      if (isOpsFlowError(err) && err.code === 'DEVICE_TIMEOUT') {
        throw new OpsFlowError('DEVICE_TIMEOUT', 'The logger did not confirm its new settings. Check them with EasyLog before using it.', err.details);
      }
      throw err;
    }
  }

  /** libsigrok: "some of these fail, but it needs doing" (the F32x's mode setup); only an unplug counts. */
  private async wake(): Promise<void> {
    for (const [request, value] of [
      [0x00, 0xffff],
      [0x02, 0x0002],
      [0x02, 0x0001],
    ] as const) {
      await this.device.controlOut(request, value, 0).catch((err: unknown) => {
        if (isOpsFlowError(err) && err.code === 'DEVICE_UNPLUGGED') throw err;
      });
    }
  }

  /** Drops whatever the device still has queued (the unread end of an earlier log). */
  private async flush(): Promise<void> {
    for (;;) {
      try {
        await this.device.bulkIn(LOG_CHUNK, FLUSH_MS);
      } catch (err) {
        if (isOpsFlowError(err) && err.code === 'DEVICE_TIMEOUT') return;
        throw err;
      }
    }
  }

  /** Sends a command and reads its `02 LL LL` header: the length of what follows. */
  private async command(command: Uint8Array, what: 'configuration' | 'log'): Promise<number> {
    await this.flush();
    await this.device.bulkOut(command);
    return decodeElUsbHeader(await this.device.bulkIn(HEADER_READ, this.timeoutMs), what);
  }

  /** Exactly `length` bytes after a header; silence before the end is an answer cut short. */
  private async readBody(length: number, what: 'configuration' | 'log', onChunk?: (got: number) => void): Promise<Uint8Array> {
    const body = new Uint8Array(length);
    let got = 0;
    while (got < length) {
      let chunk: Uint8Array;
      try {
        chunk = await this.device.bulkIn(Math.min(LOG_CHUNK, wholePackets(length - got)), this.timeoutMs);
      } catch (err) {
        if (isOpsFlowError(err) && err.code === 'DEVICE_TIMEOUT') {
          throw new OpsFlowError('FRAME_TRUNCATED', `The logger's ${what} was cut short: ${got} of ${length} bytes arrived.`, { what, got, length });
        }
        throw err;
      }
      // Past the announced length is the padding of the last packet.
      const used = chunk.subarray(0, length - got);
      body.set(used, got);
      got += used.length;
      onChunk?.(got);
    }
    return body;
  }
}

/** Once a read failed, say what to do; nothing is kept from a download that failed, so each message says so. */
function gaveUp(err: unknown): unknown {
  if (!isOpsFlowError(err)) return err;
  const details = { ...err.details, cause: err.message };
  switch (err.code) {
    case 'DEVICE_UNPLUGGED':
      return new OpsFlowError('DEVICE_UNPLUGGED', 'The logger was unplugged. Nothing from it was stored; plug it in again and retry.', details);
    case 'DEVICE_TIMEOUT':
      return new OpsFlowError('DEVICE_TIMEOUT', 'The logger stopped answering. Nothing from it was stored; unplug it, plug it in again and retry.', details);
    case 'FRAME_TRUNCATED':
    case 'FRAME_INVALID':
      return new OpsFlowError(err.code, `${err.message} Nothing from it was stored; unplug it, plug it in again and retry.`, details);
    default:
      return err;
  }
}
