import { asciiBytes, viewOf } from '../../../../domain/devices/bytes';
import { ELITECH_MODELS, type ElitechModel, type ElitechUnit } from '../../../../domain/devices/elitech';
import { ELITECH_DEVINFO_LENGTH } from '../../../../domain/devices/elitech-devinfo';
import {
  appendElitechChecksum,
  computeElitechChecksum,
  decodeElitechDateTime,
  elitechWallClockMs,
  encodeElitechDateTime,
  hasValidElitechChecksum,
  type ElitechDateTime,
} from '../../../../domain/devices/elitech-frame';
import { ELITECH_PARAM_PUT_LENGTH } from '../elitech-params';
import { wallClockFields } from '../logger-clock';
import { SimulatedSerialDevice, type LineView } from './simulated-serial-device';

/**
 * An Elitech RC-4 / RC-4HC / RC-5 data logger behind its USB-serial bridge, at 115200 8N1. It
 * holds a log of records (tenths of a degree in its unit; the RC-4HC also tenths of %RH) and serves
 * it as the real logger does: device info, header, then body pages of 100 (RC-4) or 500 (RC-5)
 * records, or 200 values (RC-4HC: temperature and humidity interleaved, as elitech-datareader
 * reads them). It also takes a clock set and a parameter write (which erases the log and starts a
 * new one).
 */

export interface ElitechSimulatorOptions {
  model?: ElitechModel;
  station?: number;
  /** Stored records, tenths of a degree in `unit`, oldest first. */
  recordsTenths?: readonly number[];
  /**
   * RC-4HC only: relative humidity of each record, tenths of %RH (a humid cold room by default).
   * Values outside 0–1000 stand for a logger whose pages are not laid out as OpsFlow assumes.
   */
  humidityTenths?: readonly number[];
  intervalS?: number;
  /** Logger wall clock of the first record. */
  start?: ElitechDateTime;
  unit?: ElitechUnit;
  /** The number printed on the logger; null when never set. */
  deviceNumber?: string | null;
  /**
   * Send device info whose last byte does not follow the sum rule, like the frames published
   * upstream (the driver then asks twice and accepts two identical frames).
   */
  devInfoChecksumQuirk?: boolean;
  /** For the logger clock; Date.now by default. */
  now?: () => number;
  path?: string;
  serialNumber?: string | null;
}

export type ElitechWorkStatusCode = 0 | 1 | 2 | 3;

const ACK_INIT = 0xa5;
const ACK_CLOCK = 0xa3;
const ACK_PARAMS = 0xa0;

/** Two thousand minutes of a freezer defrosting and pulling down again: -20 C up to +4 C. */
export function freezerLogTenths(count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.round(-80 + 120 * Math.sin((2 * Math.PI * i) / 480)));
}

/** A cold room's humidity swinging between 65 and 95 %RH as the evaporator defrosts. */
export function coldRoomHumidityTenths(count: number): number[] {
  return Array.from({ length: count }, (_, i) => Math.round(800 + 150 * Math.sin((2 * Math.PI * i) / 480)));
}

export class ElitechSimulator extends SimulatedSerialDevice {
  readonly model: ElitechModel;
  readonly station: number;
  recordsTenths: number[];
  /** RC-4HC: one per record, tenths of %RH. */
  humidityTenths: number[];
  intervalS: number;
  start: ElitechDateTime;
  readonly unit: ElitechUnit;
  readonly deviceNumber: string | null;
  workStatus: ElitechWorkStatusCode = 1;
  /** How many times the log was erased by a parameter write. */
  restarts = 0;

  private readonly modelByte: number;
  private readonly valuesPerRecord: 1 | 2;
  private readonly valuesPerPage: number;
  private readonly devInfoChecksumQuirk: boolean;
  private readonly now: () => number;
  private clockWallMs: number;
  private clockSetAtMs: number;

  constructor(options: ElitechSimulatorOptions = {}) {
    const model = options.model ?? 'RC-4';
    // The RC-4 has a CP210x inside, the RC-5 a CH340.
    const usb = model === 'RC-5' ? { vendorId: 0x1a86, productId: 0x7523 } : { vendorId: 0x10c4, productId: 0xea60 };
    super({ ...usb, serialNumber: options.serialNumber ?? null, path: options.path });
    const row = ELITECH_MODELS.find((m) => m.model === model);
    this.model = model;
    this.modelByte = row?.modelByte ?? 0x28;
    this.valuesPerRecord = row?.valuesPerRecord ?? 1;
    this.valuesPerPage = (row?.recordsPerPage ?? 100) * this.valuesPerRecord;
    this.station = options.station ?? 1;
    this.recordsTenths = [...(options.recordsTenths ?? freezerLogTenths(2000))];
    this.humidityTenths = [...(options.humidityTenths ?? coldRoomHumidityTenths(this.recordsTenths.length))];
    this.intervalS = options.intervalS ?? 60;
    this.start = options.start ?? { year: 2024, month: 3, day: 29, hour: 9, minute: 0, second: 0 };
    this.unit = options.unit ?? 'C';
    this.deviceNumber = options.deviceNumber === undefined ? 'EL20240001' : options.deviceNumber;
    this.devInfoChecksumQuirk = options.devInfoChecksumQuirk ?? false;
    this.now = options.now ?? Date.now;
    // The clock reads the end of the log: the logger was unplugged from the fridge just now.
    this.clockWallMs = elitechWallClockMs(this.start) + this.recordsTenths.length * this.intervalS * 1000;
    this.clockSetAtMs = this.now();
  }

  /** The logger's wall clock now. */
  get clock(): ElitechDateTime {
    return wallClockFields(this.clockWallMs + (this.now() - this.clockSetAtMs));
  }

  protected answer(request: Uint8Array, line: LineView): Uint8Array | null {
    if (line.baudRate !== 115200 || line.parity !== 'none' || !hasValidElitechChecksum(request)) return null;
    const [lead, station, command, arg] = request;
    if (lead === 0xcc && request.length === 5) {
      if (command === 0x0a) return ack(ACK_INIT);
      if (command === 0x06) return this.devInfo();
      return null;
    }
    if (lead !== 0x33 || station !== this.station) return null;
    if (command === 0x01 && request.length === 5) return this.header();
    if (command === 0x02 && request.length === 5) return this.page(arg ?? 0);
    if (command === 0x07 && request.length === 12) {
      this.clockWallMs = elitechWallClockMs(decodeElitechDateTime(request, 4));
      this.clockSetAtMs = this.now();
      return ack(ACK_CLOCK);
    }
    if (command === 0x05 && request.length === ELITECH_PARAM_PUT_LENGTH) {
      this.intervalS = request[4]! * 3600 + request[5]! * 60 + request[6]!;
      this.recordsTenths = [];
      this.humidityTenths = [];
      this.start = this.clock;
      this.workStatus = 1;
      this.restarts++;
      return ack(ACK_PARAMS);
    }
    return null;
  }

  private devInfo(): Uint8Array {
    const f = new Uint8Array(ELITECH_DEVINFO_LENGTH);
    const v = viewOf(f);
    f.set([0x55, this.station, 0x01, this.modelByte, 0x0a]);
    f.set([Math.floor(this.intervalS / 3600), Math.floor(this.intervalS / 60) % 60, this.intervalS % 60], 5);
    v.setInt16(8, 600);
    v.setInt16(10, -300);
    f.set(encodeElitechDateTime(this.clock), 12);
    v.setUint8(19, this.workStatus);
    f.set(encodeElitechDateTime(this.start), 20);
    v.setUint8(27, 0x13);
    v.setUint16(29, this.recordsTenths.length);
    f.set(encodeElitechDateTime(this.clock), 31);
    f.set(asciiBytes(`${this.model} Data Logger`), 38);
    f.fill(0xff, 138, 148);
    if (this.deviceNumber !== null) f.set(asciiBytes(this.deviceNumber.slice(0, 10)), 138);
    f.set([0x00, 0x31, 0x00, this.unit === 'C' ? 0x31 : 0x13, 0x00], 148);
    f[159] = computeElitechChecksum(f.subarray(0, 159)) ^ (this.devInfoChecksumQuirk ? 0x5a : 0);
    return f;
  }

  private header(): Uint8Array {
    const f = new Uint8Array(10);
    f[0] = 0x55;
    viewOf(f).setUint16(1, this.recordsTenths.length);
    f.set(encodeElitechDateTime(this.start), 3);
    return appendElitechChecksum(f);
  }

  /** Pages are cut from the log's values (two per record on the RC-4HC), as elitech-datareader counts them. */
  private page(page: number): Uint8Array {
    const values = this.valuesPerRecord === 1 ? this.recordsTenths : this.recordsTenths.flatMap((t, i) => [t, this.humidityTenths[i] ?? 500]);
    const onPage = values.slice(page * this.valuesPerPage, (page + 1) * this.valuesPerPage);
    const f = new Uint8Array(1 + 2 * onPage.length);
    f[0] = 0x55;
    onPage.forEach((v, i) => viewOf(f).setInt16(1 + 2 * i, v));
    return appendElitechChecksum(f);
  }
}

function ack(code: number): Uint8Array {
  return appendElitechChecksum(Uint8Array.of(0x55, code));
}

/** For fault rules aimed at one body page: `{ fault: 'corrupt', when: bodyPage(3) }`. */
export const bodyPage =
  (page: number) =>
  (request: Uint8Array): boolean =>
    request[0] === 0x33 && request[2] === 0x02 && request[3] === page;
