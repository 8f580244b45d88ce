import { asciiBytes, latin1Text } from '../../../../domain/devices/bytes';
import type { InnerOuterChannel as Channel } from '../../../../domain/devices/types';
import { SimulatedSerialDevice, type LineView } from './simulated-serial-device';
import { temperatureOf, type SimulatedTemperature, type TemperatureSpec } from './temperature-model';

/**
 * A PCsensor TEMPerX232 (1a86:5523) at 9600 8N1: ASCII commands without a line ending, replies
 * in "<"-terminated lines. It applies its stored calibration offsets to what it reports, as the
 * real board does.
 */

export interface TemperX232SimulatorOptions {
  version?: string;
  /** Hundredths of a degree, or a drifting temperature. Default 21.00 C. */
  internal?: number | TemperatureSpec | SimulatedTemperature;
  /** The external probe; null (the default) when none is connected. */
  external?: number | TemperatureSpec | SimulatedTemperature | null;
  rhCentiPct?: number;
  /** Humidity of the outer probe (an HS10 temperature and humidity probe); null for a plain one. */
  outerRhCentiPct?: number | null;
  /**
   * How the board words its ReadTemp reply. Boards in the field send the firmware banner first,
   * the outer line before the inner one, or bare LF line ends; the default is the manual's shape.
   */
  reply?: { banner?: boolean; outerFirst?: boolean; lineEnd?: string };
  serialNumber?: string | null;
  path?: string;
}

interface Offsets {
  tempTenths: number;
  rhTenths: number;
}

const SET_CALIB = /^SetCalib-(Inner|Outer):(-?\d+\.\d),(-?\d+\.\d)>$/;

export class TemperX232Simulator extends SimulatedSerialDevice {
  readonly version: string;
  readonly internal: SimulatedTemperature;
  readonly external: SimulatedTemperature | null;
  rhCentiPct: number;
  outerRhCentiPct: number | null;
  private readonly replyShape: { banner: boolean; outerFirst: boolean; lineEnd: string };
  readonly calibration: Record<Channel, Offsets> = { internal: { tempTenths: 0, rhTenths: 0 }, external: { tempTenths: 0, rhTenths: 0 } };

  constructor(options: TemperX232SimulatorOptions = {}) {
    super({ vendorId: 0x1a86, productId: 0x5523, serialNumber: options.serialNumber ?? null, path: options.path });
    this.version = options.version ?? 'TEMPerX232_V2.5';
    this.internal = temperatureOf(options.internal ?? 2100);
    this.external = options.external === undefined || options.external === null ? null : temperatureOf(options.external);
    this.rhCentiPct = options.rhCentiPct ?? 4500;
    this.outerRhCentiPct = options.outerRhCentiPct ?? null;
    this.replyShape = { banner: false, outerFirst: false, lineEnd: '\r\n', ...options.reply };
  }

  protected answer(request: Uint8Array, line: LineView): Uint8Array | null {
    if (line.baudRate !== 9600 || line.parity !== 'none') return null;
    const command = latin1Text(request);
    switch (command) {
      case 'ReadTemp':
        return asciiBytes(this.readingLines());
      case 'Version':
        return asciiBytes(`${this.version}\r\n`);
      case 'ReadCalib':
        return asciiBytes(this.calibrationLines());
    }
    const m = SET_CALIB.exec(command);
    if (!m) return null;
    const [, word = 'Inner', temp = '0', rh = '0'] = m;
    const tempTenths = Math.round(Number(temp) * 10);
    const rhTenths = Math.round(Number(rh) * 10);
    const tempOk = Math.abs(tempTenths) <= 100;
    const rhOk = Math.abs(rhTenths) <= 100;
    const offsets = this.calibration[word === 'Inner' ? 'internal' : 'external'];
    if (tempOk) offsets.tempTenths = tempTenths;
    if (rhOk) offsets.rhTenths = rhTenths;
    return asciiBytes(`${word}:${tempOk ? 'OK' : 'ERROR'},${rhOk ? 'OK' : 'ERROR'}\r\n`);
  }

  /** ASCII has no checksum: a damaged character shows up as a byte no reply contains. */
  protected override corrupt(answer: Uint8Array): Uint8Array {
    const out = answer.slice();
    out[Math.floor(out.length / 3)] = 0xff;
    return out;
  }

  /** What a line at the wrong speed looks like, ending in a stray '<' so the reply seems complete. */
  protected override garbage(): Uint8Array {
    return Uint8Array.of(0x00, 0x80, 0xf8, 0xfe, 0xe0, 0x78, 0x80, 0x00, 0xf0, 0x3c);
  }

  private readingLines(): string {
    const cal = this.calibration;
    const { banner, outerFirst, lineEnd } = this.replyShape;
    const lines = [`Temp-Inner:${centi(this.internal.currentCentiC() + cal.internal.tempTenths * 10)} [C],${centi(this.rhCentiPct + cal.internal.rhTenths * 10)} [%RH]<`];
    if (this.external) {
      const rh = this.outerRhCentiPct === null ? '' : `,${centi(this.outerRhCentiPct + cal.external.rhTenths * 10)} [%RH]`;
      const outer = `Temp-Outer:${centi(this.external.currentCentiC() + cal.external.tempTenths * 10)} [C]${rh}<`;
      if (outerFirst) lines.unshift(outer);
      else lines.push(outer);
    }
    if (banner) lines.unshift(this.version);
    return lines.map((line) => line + lineEnd).join('');
  }

  private calibrationLines(): string {
    const cal = this.calibration;
    let text = `Inner-Calib:${tenths(cal.internal.tempTenths)} [C],${tenths(cal.internal.rhTenths)} [%RH]<\r\n`;
    if (this.external) text += `Outer-Calib:${tenths(cal.external.tempTenths)} [C]<\r\n`;
    return text;
  }
}

function centi(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

function tenths(value: number): string {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.floor(abs / 10)}.${abs % 10}`;
}
