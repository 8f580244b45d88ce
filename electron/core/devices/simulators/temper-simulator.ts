import { asciiBytes, viewOf } from '../../../../domain/devices/bytes';
import { findTemperRule, type TemperRule } from '../../../../domain/devices/device-table';
import { encodeTemperFirmwareQuery, encodeTemperReadCommand } from '../../../../domain/devices/temper';
import type { Channel } from '../../../../domain/devices/types';
import { deviceUnpluggedError, type HidDevice, type HidListing } from '../transport';
import { FakeHidDevice } from './fake-hid-device';
import { FaultPlan, type FaultRule } from './faults';
import { temperatureOf, type SimulatedTemperature, type TemperatureSpec } from './temperature-model';

/**
 * A PCsensor TEMPer on USB HID: answers the firmware query and the read command with 8-byte
 * reports laid out as the device table says for its firmware (one or two reports, /100, /256 or
 * Si7021 scales, 0x4E20 or the board's own empty-socket value for an absent probe).
 *
 * There is no 'corrupt' fault: USB checks every HID packet with its own CRC, so a damaged report
 * never reaches the application.
 */

export type HidFault =
  /** Never answers: the driver times out. */
  | 'stall'
  /** A report shorter than the layout needs. */
  | 'drop-bytes'
  /** Reports full of noise. */
  | 'garbage'
  /** The answer never comes: the device is pulled out. */
  | 'unplug';

export interface TemperSimulatorOptions {
  /** The string the device reports, e.g. "TEMPer2_V3.7", "TEMPerGold_V3.1". */
  firmware: string;
  /** Hundredths of a degree, or a drifting temperature. Default 21.00 C. */
  internal?: number | TemperatureSpec | SimulatedTemperature;
  /** The external probe; null when none is plugged into the jack (reports 0x4E20). */
  external?: number | TemperatureSpec | SimulatedTemperature | null;
  /** Probes in the further sockets of boards that have them (TEMPerNTC): 'external-2', ...; null for an empty socket. */
  moreExternals?: readonly (number | TemperatureSpec | SimulatedTemperature | null)[];
  /** Hundredths of a percent, for humidity models. Default 45.00 %. */
  rhCentiPct?: number;
  path?: string;
  vendorId?: number;
  productId?: number;
  serialNumber?: string | null;
}

const REPORT_LENGTH = 8;
const NO_SENSOR = 0x4e20;
let counter = 0;

export class TemperSimulator {
  readonly path: string;
  readonly firmware: string;
  readonly internal: SimulatedTemperature;
  external: SimulatedTemperature | null;
  /** The probes of 'external-2', 'external-3', ...; a test pulls one out by setting it to null. */
  readonly moreExternals: (SimulatedTemperature | null)[];
  rhCentiPct: number;
  /** Every report the driver wrote, in order. */
  readonly requests: Uint8Array[] = [];

  private readonly rule: TemperRule;
  private readonly vendorId: number;
  private readonly productId: number;
  private readonly serialNumber: string | null;
  private readonly faults = new FaultPlan<HidFault>();
  private readonly connections = new Set<FakeHidDevice>();
  private unplugged = false;

  constructor(options: TemperSimulatorOptions) {
    this.firmware = options.firmware;
    this.rule = findTemperRule(options.firmware);
    this.internal = temperatureOf(options.internal ?? 2100);
    this.external = options.external === undefined || options.external === null ? null : temperatureOf(options.external);
    this.moreExternals = (options.moreExternals ?? []).map((t) => (t === null ? null : temperatureOf(t)));
    this.rhCentiPct = options.rhCentiPct ?? 4500;
    this.path = options.path ?? `sim-hid-${++counter}`;
    this.vendorId = options.vendorId ?? 0x413d;
    this.productId = options.productId ?? 0x2107;
    this.serialNumber = options.serialNumber ?? null;
  }

  /** Both interfaces, as hidapi lists them: 0 is the keyboard that types readings, 1 the sensor. */
  get listing(): HidListing[] {
    if (this.unplugged) return [];
    const entry = { vendorId: this.vendorId, productId: this.productId, serialNumber: this.serialNumber };
    return [
      { ...entry, path: `${this.path}:0`, interface: 0 },
      { ...entry, path: this.path, interface: 1 },
    ];
  }

  /** A connection, like openHidDevice(path). */
  async open(): Promise<HidDevice> {
    if (this.unplugged) throw deviceUnpluggedError({ path: this.path });
    const device = new FakeHidDevice(this.path, (report) => this.respond(report));
    this.connections.add(device);
    return device;
  }

  inject(rule: FaultRule<HidFault>): void {
    this.faults.inject(rule);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  unplug(): void {
    this.unplugged = true;
    for (const c of this.connections) c.unplug();
    this.connections.clear();
  }

  replug(): void {
    this.unplugged = false;
  }

  private respond(report: Uint8Array): Uint8Array[] {
    this.requests.push(report);
    const answer = this.answer(report);
    if (answer.length === 0) return [];
    switch (this.faults.take(report)) {
      case 'stall':
        return [];
      case 'unplug':
        setTimeout(() => this.unplug(), 0);
        return [];
      case 'drop-bytes':
        return answer.map((r) => r.slice(0, 3));
      case 'garbage':
        return answer.map(() => Uint8Array.from({ length: REPORT_LENGTH }, (_, i) => (i % 2 === 0 ? 0x7f : 0xff)));
      default:
        return answer;
    }
  }

  private answer(report: Uint8Array): Uint8Array[] {
    if (sameBytes(report, encodeTemperFirmwareQuery())) return this.firmwareReports();
    if (sameBytes(report, encodeTemperReadCommand())) return this.readingReports();
    return [];
  }

  /** The name, space padded to whole reports ("TEMPerGold_V3.1 "). */
  private firmwareReports(): Uint8Array[] {
    const padded = this.firmware.padEnd(Math.ceil(this.firmware.length / REPORT_LENGTH) * REPORT_LENGTH, ' ');
    return splitReports(asciiBytes(padded));
  }

  private readingReports(): Uint8Array[] {
    const bytes = new Uint8Array(this.rule.twoReports ? 2 * REPORT_LENGTH : REPORT_LENGTH);
    // The V3 firmware starts each report with 0x80 and the report's sensor: 0x80 internal, 0x01 external.
    bytes.set([0x80, 0x80]);
    if (this.rule.twoReports) bytes.set([0x80, 0x01], REPORT_LENGTH);
    const view = viewOf(bytes);
    for (const layout of this.rule.channels) {
      const sensor = this.sensorOn(layout.channel);
      if (!sensor) {
        const absent = this.rule.emptySocket ?? (this.rule.noSensorSentinel ? NO_SENSOR : null);
        if (absent !== null) view.setUint16(layout.tempOffset, absent);
        continue;
      }
      view.setUint16(layout.tempOffset, encodeTemp(this.rule, sensor.currentCentiC()));
      if (this.rule.rh && layout.rhOffset !== null) view.setUint16(layout.rhOffset, encodeRh(this.rule, this.rhCentiPct));
    }
    return splitReports(bytes);
  }

  private sensorOn(channel: Channel): SimulatedTemperature | null {
    if (channel === 'internal') return this.internal;
    if (channel === 'external') return this.external;
    return this.moreExternals[Number(channel.slice('external-'.length)) - 2] ?? null;
  }
}

function encodeTemp(rule: TemperRule, centiC: number): number {
  switch (rule.temp) {
    case 'div100':
      return centiC & 0xffff;
    case 'div256':
      return Math.round((centiC * 256) / 100) & 0xffff;
    case 'si7021':
      return clampU16(Math.round(((centiC + 4685) * 65536) / 17572));
  }
}

function encodeRh(rule: TemperRule, rhCentiPct: number): number {
  switch (rule.rh) {
    case 'si7021':
      return clampU16(Math.round(((rhCentiPct + 600) * 65536) / 12500));
    case 'fm75':
      return clampU16(Math.round((rhCentiPct * 5) / 16));
    default:
      return clampU16(rhCentiPct);
  }
}

function clampU16(n: number): number {
  return Math.min(0xffff, Math.max(0, n));
}

function splitReports(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += REPORT_LENGTH) out.push(bytes.slice(at, at + REPORT_LENGTH));
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
