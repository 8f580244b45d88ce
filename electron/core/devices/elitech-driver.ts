import {
  ELITECH_ACK_LENGTH,
  ELITECH_HEADER_LENGTH,
  decodeElitechAck,
  decodeElitechBody,
  decodeElitechHeader,
  decodeElitechPairBody,
  elitechPageCount,
  elitechPageLayout,
  elitechPageRecordCount,
  expectedElitechBodyLength,
  isElitechLayoutMismatch,
  type ElitechUnit,
} from '../../../domain/devices/elitech';
import { ELITECH_DEVINFO_LENGTH, decodeElitechDevInfo, type ElitechDeviceInfo } from '../../../domain/devices/elitech-devinfo';
import { ELITECH_ANSWER_START, elitechWallClockMs, isValidElitechDateTime } from '../../../domain/devices/elitech-frame';
import {
  encodeElitechBodyRequest,
  encodeElitechClockSet,
  encodeElitechDevInfoRequest,
  encodeElitechHeaderRequest,
  encodeElitechInit,
} from '../../../domain/devices/elitech-requests';
import { SERIAL_SETTINGS } from '../../../domain/devices/device-table';
import { OpsFlowError, isOpsFlowError } from '../../../domain/errors';
import { encodeElitechParamPut } from './elitech-params';
import { utcToWallClockMs, wallClockFields, wallClockToUtcMs, zoneOffsetMs } from './logger-clock';
import { exchange, type ByteStream, type LineSettings } from './transport';

/**
 * Elitech RC-4 / RC-4HC / RC-5 stored-log download over the logger's USB-serial bridge.
 *
 * All or nothing: every answer is checked (start byte, length, checksum) and a bad one is asked
 * for again up to three times; if it stays bad the download throws and returns nothing, so a
 * failed download stores nothing and can simply be run again.
 */

export interface ElitechLoggerOptions {
  /** Per request; the logger's own is 5 s. */
  timeoutMs?: number;
  /** Extra requests for a bad answer before the download fails. */
  refetches?: number;
}

export interface ElitechDownloadOptions {
  /** IANA zone of the location: the logger's clock keeps its wall time, with no zone. */
  timeZone: string;
  /** After each page, in records: (done, total). */
  onProgress?: (done: number, total: number) => void;
  /** Used when the logger has no device number set (the USB serial number of the bridge). */
  fallbackSerialNumber?: string | null;
}

export interface ElitechReading {
  atMs: number;
  tempCentiC: number;
  /** Hundredths of a percent relative humidity; only from loggers that record it (RC-4HC). */
  rhCentiPct?: number;
}

type PageRecord = Omit<ElitechReading, 'atMs'>;

export interface ElitechDownload {
  deviceInfo: ElitechDeviceInfo;
  /** The device number printed on the logger; calibration and readings are keyed by it. */
  serialNumber: string;
  intervalS: number;
  readings: ElitechReading[];
}

export const ELITECH_LINE: LineSettings = { baudRate: SERIAL_SETTINGS.elitech.baudRate, parity: 'none', dataBits: 8, stopBits: 1 };

const REFETCHABLE = new Set(['DEVICE_TIMEOUT', 'CHECKSUM_MISMATCH', 'FRAME_TRUNCATED', 'FRAME_INVALID']);

export class ElitechLogger {
  private readonly timeoutMs: number;
  private readonly refetches: number;

  constructor(
    private readonly stream: ByteStream,
    options: ElitechLoggerOptions = {},
  ) {
    this.timeoutMs = options.timeoutMs ?? SERIAL_SETTINGS.elitech.timeoutMs;
    this.refetches = options.refetches ?? 3;
  }

  async open(): Promise<void> {
    await this.stream.open(ELITECH_LINE);
  }

  async close(): Promise<void> {
    await this.stream.close();
  }

  /** Wakes the logger and reads its settings; enough to tell a logger from other serial devices. */
  async readDeviceInfo(): Promise<ElitechDeviceInfo> {
    await this.fetch(encodeElitechInit(), ELITECH_ACK_LENGTH, (f) => decodeElitechAck(f, 'init'));
    return this.fetchDeviceInfo();
  }

  /** The whole log, or an error: never part of it. */
  async download(options: ElitechDownloadOptions): Promise<ElitechDownload> {
    zoneOffsetMs(0, options.timeZone); // a bad zone name fails before the download, not after it
    const deviceInfo = await this.readDeviceInfo();
    const layout = elitechPageLayout(deviceInfo.modelByte);
    const unit = deviceInfo.unit;
    if (unit === null) {
      throw new OpsFlowError('DEVICE_UNSUPPORTED', 'The logger reports a temperature unit OpsFlow does not know. Set it to °C or °F with the Elitech software.', {
        station: deviceInfo.station,
      });
    }

    const header = await this.fetch(encodeElitechHeaderRequest(deviceInfo.station), ELITECH_HEADER_LENGTH, decodeElitechHeader);
    const total = header.records;
    const pages = elitechPageCount(total, layout.recordsPerPage);
    if (total > 0 && (!isValidElitechDateTime(header.startRaw) || deviceInfo.intervalS <= 0)) {
      throw new OpsFlowError('FRAME_INVALID', "The logger's start time or interval is not valid, so its records cannot be placed in time.", {
        start: header.startRaw,
        intervalS: deviceInfo.intervalS,
      });
    }
    if (pages > 256) {
      throw new OpsFlowError('DEVICE_UNSUPPORTED', 'The logger holds more records than OpsFlow can page through.', { records: total });
    }

    options.onProgress?.(0, total);
    const records: PageRecord[] = [];
    for (let page = 0; page < pages; page++) {
      const count = elitechPageRecordCount(total, page, layout.recordsPerPage);
      const request = encodeElitechBodyRequest(deviceInfo.station, page);
      const length = expectedElitechBodyLength(count, layout.valuesPerRecord);
      records.push(...(await this.fetch(request, length, (f) => decodePage(f, layout.valuesPerRecord, { count, unit }))));
      options.onProgress?.(records.length, total);
    }

    // The logger samples on a fixed period and its clock does not follow daylight saving, so only
    // the start is converted; the rest are whole intervals after it (no gap or repeat at a change).
    const startMs = total > 0 ? wallClockToUtcMs(elitechWallClockMs(header.startRaw), options.timeZone) : 0;
    const intervalMs = deviceInfo.intervalS * 1000;
    return {
      deviceInfo,
      serialNumber: deviceInfo.deviceNumber ?? options.fallbackSerialNumber ?? `${deviceInfo.model ?? 'elitech'}-station-${deviceInfo.station}`,
      intervalS: deviceInfo.intervalS,
      readings: records.map((r, i) => ({ atMs: startMs + i * intervalMs, ...r })),
    };
  }

  /**
   * Erases the log and starts a new one with the logger's current settings. Only after the
   * downloaded readings are safely stored: this is the one step that loses data if run too early.
   */
  async restartLogging(info: ElitechDeviceInfo): Promise<void> {
    await this.fetch(encodeElitechParamPut(info), ELITECH_ACK_LENGTH, (f) => decodeElitechAck(f, 'paramPut'));
  }

  /** Sets the logger clock to the location's wall time. */
  async setClock(station: number, timeZone: string, nowMs: number = Date.now()): Promise<void> {
    const request = encodeElitechClockSet(station, wallClockFields(utcToWallClockMs(nowMs, timeZone)));
    await this.fetch(request, ELITECH_ACK_LENGTH, (f) => decodeElitechAck(f, 'clockSet'));
  }

  /**
   * Device info whose checksum does not follow the sum rule is accepted only when two fetches in
   * a row are identical: the published frames break the rule, so it may be a different rule, but a
   * frame damaged in transit will not repeat itself byte for byte.
   */
  private async fetchDeviceInfo(): Promise<ElitechDeviceInfo> {
    let previous: Uint8Array | null = null;
    for (let attempt = 0; attempt <= this.refetches + 1; attempt++) {
      const { frame, info } = await this.fetch(encodeElitechDevInfoRequest(), ELITECH_DEVINFO_LENGTH, (f) => ({ frame: f, info: decodeElitechDevInfo(f) }));
      if (!info.warnings.includes('CHECKSUM_MISMATCH')) return info;
      if (previous && previous.every((b, i) => b === frame[i])) return info;
      previous = frame;
    }
    throw gaveUp(new OpsFlowError('CHECKSUM_MISMATCH', "The logger's device information was damaged in transit.", { what: 'device information' }));
  }

  private async fetch<T>(request: Uint8Array, length: number, decode: (frame: Uint8Array) => T): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        const frame = await exchange(this.stream, request, {
          // An answer that does not start with 0x55 is noise: no need to wait for the rest of it.
          isComplete: (r) => r.length >= length || (r.length > 0 && r[0] !== ELITECH_ANSWER_START),
          timeoutMs: this.timeoutMs,
        });
        return decode(frame);
      } catch (err) {
        // The page arrived intact but is not laid out as assumed: asking again gets the same bytes.
        if (isElitechLayoutMismatch(err)) throw err;
        if (attempt < this.refetches && isOpsFlowError(err) && REFETCHABLE.has(err.code)) continue;
        throw gaveUp(err);
      }
    }
  }
}

function decodePage(frame: Uint8Array, valuesPerRecord: 1 | 2, opts: { count: number; unit: ElitechUnit }): PageRecord[] {
  if (valuesPerRecord === 2) return decodeElitechPairBody(frame, opts);
  return decodeElitechBody(frame, opts).map((tempCentiC) => ({ tempCentiC }));
}

/**
 * The decoders' messages promise to ask again; once the retries are spent, say what to do instead.
 * Nothing is kept from an exchange that failed, so each message says so.
 */
function gaveUp(err: unknown): unknown {
  if (!isOpsFlowError(err)) return err;
  const details = { ...err.details, cause: err.message };
  switch (err.code) {
    case 'DEVICE_UNPLUGGED':
      return new OpsFlowError('DEVICE_UNPLUGGED', 'The logger was unplugged. Nothing from it was stored; plug it in again and retry.', details);
    case 'DEVICE_TIMEOUT':
      return new OpsFlowError('DEVICE_TIMEOUT', 'The logger stopped answering. Nothing from it was stored; unplug it, plug it in again and retry.', details);
    case 'CHECKSUM_MISMATCH':
      return new OpsFlowError(
        'CHECKSUM_MISMATCH',
        "The logger's answers kept arriving damaged. Nothing from it was stored; try another USB port or cable and retry.",
        details,
      );
    case 'FRAME_TRUNCATED':
    case 'FRAME_INVALID':
      return new OpsFlowError(
        err.code,
        "The logger's answers could not be understood. Nothing from it was stored; unplug it, plug it in again and retry.",
        details,
      );
    default:
      return err;
  }
}
