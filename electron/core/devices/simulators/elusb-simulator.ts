import { asciiBytes } from '../../../../domain/devices/bytes';
import { decodeElUsbConfig, findElUsbModel } from '../../../../domain/devices/elusb';
import type { ElitechDateTime } from '../../../../domain/devices/elitech-frame';
import { deviceTimeoutError, deviceUnpluggedError, type UsbBulkDevice, type UsbListing } from '../transport';
import { FaultPlan, type FaultRule } from './faults';

/**
 * A Lascar EasyLog EL-USB logger at the byte level, behind the same UsbBulkDevice interface as
 * the real one: it takes the vendor control transfers, answers `00 FF FF` with its configuration
 * block and `03 FF FF` with its whole sample memory (each after a `02 LL LL` header), and takes a
 * `01 LL LL` save followed by the block, acknowledged with `FF`. A save that turns logging on
 * starts a new, empty log (as EasyLog's "set up logger" does). Layout: libsigrok lascar-el-usb.
 */

export type ElUsbFault =
  /** Never answers: the driver times out. */
  | 'stall'
  /** Sends the header and part of what it announced, then goes quiet. */
  | 'short-read'
  /** Announces a length that cannot be right (a log too short for the stored samples, an 8-byte configuration). */
  | 'bad-length'
  /** A header that does not start with 02. */
  | 'garbage'
  /** Sends the header and half of the rest, then the cable is pulled. */
  | 'unplug';

export type ElUsbFaultRule = FaultRule<ElUsbFault>;

/** One stored sample as the logger keeps it: temperature byte, and the humidity byte on an EL-USB-2. */
export interface ElUsbRawSample {
  t: number;
  rh?: number;
}

export interface ElUsbSimulatorOptions {
  /** The model byte: 3 (EL-USB-2) unless said; 1 is an EL-USB-1. */
  modelId?: number;
  samples?: readonly ElUsbRawSample[];
  intervalS?: number;
  /** Logger wall clock of the first sample. */
  start?: ElitechDateTime;
  /** The unit code at 0x2E: 0 Celsius, 1 Fahrenheit. */
  unitCode?: number;
  serialNumber?: number;
  name?: string;
  /** Bytes of sample memory sent after `03 FF FF` (an EL-USB-2 has a 32 KB EEPROM). */
  memoryBytes?: number;
  path?: string;
}

/** Half degrees from −40 °C: the byte an EL-USB stores for a Celsius temperature. */
export const halfDegreesByte = (celsius: number): number => Math.round((celsius + 40) * 2);

/** A walk-in cooler over `count` samples: 2 °C to 6 °C and 70–90 %RH, in the logger's half steps. */
export function walkInLog(count: number): ElUsbRawSample[] {
  return Array.from({ length: count }, (_, i) => ({
    t: halfDegreesByte(4 + 2 * Math.sin((2 * Math.PI * i) / 480)),
    rh: Math.round(2 * (80 + 10 * Math.sin((2 * Math.PI * i) / 300))),
  }));
}

const CONFIG_LENGTH = 64;
let pathCounter = 0;

export class ElUsbSimulator {
  readonly path: string;
  readonly modelId: number;
  samples: ElUsbRawSample[];
  intervalS: number;
  start: ElitechDateTime;
  logging = true;
  readonly unitCode: number;
  readonly serialNumber: number;
  /** Every bulk command received (the 3-byte commands and saved blocks), in order. */
  readonly requests: Uint8Array[] = [];
  /** Vendor control transfers received, as [request, value, index]. */
  readonly controlTransfers: [number, number, number][] = [];
  /** How many saves started a new log. */
  restarts = 0;
  /** Time from a command to its answer. */
  answerDelayMs = 1;

  private readonly name: string;
  private readonly memoryBytes: number;
  private readonly faults = new FaultPlan<ElUsbFault>();
  private unplugged = false;
  private pendingSave: number | null = null;
  /** Bytes sent but not yet read by the host. */
  private outbox: number[] = [];
  private waiting: { resolve: () => void } | null = null;
  /** Bytes at the head of the outbox that make a packet of their own (a header, an acknowledgement). */
  private headerEnd = 0;
  /** The 'unplug' fault: the cable is pulled once what was sent has been read. */
  private unplugAfterOutbox = false;

  constructor(options: ElUsbSimulatorOptions = {}) {
    this.path = options.path ?? `usb:sim:${++pathCounter}`;
    this.modelId = options.modelId ?? 3;
    this.samples = [...(options.samples ?? walkInLog(2000))];
    this.intervalS = options.intervalS ?? 60;
    this.start = options.start ?? { year: 2024, month: 3, day: 29, hour: 9, minute: 0, second: 0 };
    this.unitCode = options.unitCode ?? 0;
    this.serialNumber = options.serialNumber ?? 4660;
    this.name = options.name ?? 'Walk-in';
    this.memoryBytes = options.memoryBytes ?? 32_768;
  }

  get listing(): UsbListing {
    return { path: this.path, vendorId: 0x10c4, productId: 0x0002, serialNumber: null };
  }

  get isPluggedIn(): boolean {
    return !this.unplugged;
  }

  inject(rule: ElUsbFaultRule): void {
    this.faults.inject(rule);
  }

  unplug(): void {
    this.unplugged = true;
    this.outbox = [];
    this.wake();
  }

  replug(): void {
    this.unplugged = false;
    this.outbox = [];
    this.pendingSave = null;
    this.unplugAfterOutbox = false;
  }

  /** The configuration block as the logger holds it now. */
  configBlock(): Uint8Array {
    const b = new Uint8Array(CONFIG_LENGTH);
    const u16 = (at: number, v: number): void => b.set([v & 0xff, (v >> 8) & 0xff], at);
    b[0] = this.modelId;
    b.set(asciiBytes(this.name.slice(0, 15)), 0x02);
    b.set([this.start.hour, this.start.minute, this.start.second, this.start.day, this.start.month, this.start.year - 2000], 0x12);
    u16(0x1c, this.intervalS);
    u16(0x1e, this.samples.length);
    u16(0x20, this.logging ? 0x0100 : 0);
    u16(0x2e, this.unitCode);
    b.set(asciiBytes('2.0A'), 0x30);
    u16(0x34, this.serialNumber);
    return b;
  }

  /** The device as a driver sees it, through the same interface as the real one. */
  open(): UsbBulkDevice {
    if (this.unplugged) throw deviceUnpluggedError({ path: this.path });
    return {
      controlOut: async (request, value, index) => {
        if (this.unplugged) throw deviceUnpluggedError({ path: this.path });
        this.controlTransfers.push([request, value, index]);
      },
      bulkOut: async (bytes) => this.receive(bytes.slice()),
      bulkIn: (maxLength, timeoutMs) => this.send(maxLength, timeoutMs),
      close: async () => undefined,
    };
  }

  private sampleSize(): 1 | 2 {
    return findElUsbModel(this.modelId)?.samples === 'temperature' ? 1 : 2;
  }

  private memory(): Uint8Array {
    const size = this.sampleSize();
    const m = new Uint8Array(Math.max(this.memoryBytes, this.samples.length * size)).fill(0xff);
    this.samples.forEach((s, i) => m.set(size === 1 ? [s.t] : [s.t, s.rh ?? 0], i * size));
    return m;
  }

  private async receive(bytes: Uint8Array): Promise<void> {
    if (this.unplugged) throw deviceUnpluggedError({ path: this.path });
    this.requests.push(bytes);
    if (this.pendingSave !== null) {
      const length = this.pendingSave;
      this.pendingSave = null;
      if (bytes.length === length) this.save(bytes);
      return;
    }
    const [command, lo, hi] = bytes;
    if (bytes.length !== 3) return;
    if (command === 0x01) {
      this.pendingSave = lo! | (hi! << 8);
      return;
    }
    if (command !== 0x00 && command !== 0x03) return;
    if (lo !== 0xff || hi !== 0xff) return;
    const fault = this.faults.take(bytes);
    if (command === 0x00) this.answer(fault, this.configBlock(), CONFIG_LENGTH, 8);
    else this.answer(fault, this.memory(), this.samples.length * this.sampleSize(), Math.floor(this.samples.length / 2));
  }

  /** `used`: the bytes that hold something (the stored samples); the faults cut into those. */
  private answer(fault: ElUsbFault | null, body: Uint8Array, used: number, badLength: number): void {
    if (fault === 'stall') return;
    const announced = fault === 'bad-length' ? badLength : body.length;
    const header = [fault === 'garbage' ? 0x55 : 0x02, announced & 0xff, (announced >> 8) & 0xff];
    let rest = [...body.subarray(0, announced)];
    if (fault === 'short-read') rest = rest.slice(0, Math.floor(used / 3));
    if (fault === 'unplug') rest = rest.slice(0, Math.floor(used / 2));
    setTimeout(() => {
      if (this.unplugged) return;
      // The header is a packet of its own, as libsigrok expects.
      this.outbox.push(...header, ...rest);
      this.headerEnd = header.length;
      if (fault === 'unplug') this.unplugAfterOutbox = true;
      this.wake();
    }, this.answerDelayMs);
  }

  private save(block: Uint8Array): void {
    const config = decodeElUsbConfig(block);
    this.intervalS = config.intervalS;
    this.start = config.start;
    this.logging = config.logging;
    if (config.logging) {
      this.samples = [];
      this.restarts++;
    }
    setTimeout(() => {
      if (this.unplugged) return;
      this.outbox.push(0xff);
      this.headerEnd = 1;
      this.wake();
    }, this.answerDelayMs);
  }

  private async send(maxLength: number, timeoutMs: number): Promise<Uint8Array> {
    const deadline = Date.now() + timeoutMs;
    while (this.outbox.length === 0) {
      if (this.unplugged) throw deviceUnpluggedError({ path: this.path });
      if (this.unplugAfterOutbox) {
        this.unplugAfterOutbox = false;
        this.unplug();
        throw deviceUnpluggedError({ path: this.path });
      }
      const left = deadline - Date.now();
      if (left <= 0) throw deviceTimeoutError({ path: this.path });
      await new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          this.waiting = null;
          resolve();
        }, left);
        this.waiting = {
          resolve: () => {
            clearTimeout(timer);
            this.waiting = null;
            resolve();
          },
        };
      });
    }
    if (this.unplugged) throw deviceUnpluggedError({ path: this.path });
    // A bulk read ends at a short packet: the header comes alone.
    const n = Math.min(this.headerEnd > 0 ? this.headerEnd : maxLength, this.outbox.length, maxLength);
    this.headerEnd = 0;
    return Uint8Array.from(this.outbox.splice(0, n));
  }

  private wake(): void {
    this.waiting?.resolve();
  }
}
