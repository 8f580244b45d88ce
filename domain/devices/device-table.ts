import { OpsFlowError } from '../errors';
import type { Channel } from './types';

/**
 * The device table: which USB ids OpsFlow talks to, and how each TEMPer firmware family lays out
 * its answer. A new firmware revision or adapter is a row here, not code.
 */

export type DeviceFamily = 'temper' | 'temperx232' | 'modbus' | 'elitech' | 'elusb';

export interface UsbIdRow {
  vendorId: number;
  productId: number;
  /** 'usb': a vendor-specific device spoken to through libusb (bulk endpoints), neither HID nor serial. */
  transport: 'hid' | 'serial' | 'usb';
  /** Families that use this id, in the order a driver should probe them. */
  families: readonly DeviceFamily[];
  /** For HID: the interface that answers (PCsensor devices also expose a keyboard on interface 0). */
  hidInterface?: number;
  /** For 'usb': the interface to claim and its bulk endpoint numbers. */
  usbBulk?: UsbBulkEndpoints;
  note: string;
}

export interface UsbBulkEndpoints {
  interface: number;
  /** Endpoint numbers without the direction bit (the EL-USB's 0x82 in is 2). */
  inEndpoint: number;
  outEndpoint: number;
}

export const USB_ID_TABLE: readonly UsbIdRow[] = [
  { vendorId: 0x0c45, productId: 0x7401, transport: 'hid', families: ['temper'], hidInterface: 1, note: 'RDing TEMPer (TEMPerV1.x, TEMPer2, TEMPer1F)' },
  { vendorId: 0x0c45, productId: 0x7402, transport: 'hid', families: ['temper'], hidInterface: 1, note: 'RDing TEMPerHUM' },
  { vendorId: 0x413d, productId: 0x2107, transport: 'hid', families: ['temper'], hidInterface: 1, note: 'PCsensor TEMPerGold / TEMPer2 / TEMPerHUM / TEMPerX' },
  { vendorId: 0x1a86, productId: 0xe025, transport: 'hid', families: ['temper'], hidInterface: 1, note: 'PCsensor TEMPer, newer board' },
  { vendorId: 0x3553, productId: 0xa001, transport: 'hid', families: ['temper'], hidInterface: 1, note: 'PCsensor TEMPer, newer board' },
  { vendorId: 0x1a86, productId: 0x5523, transport: 'serial', families: ['temperx232'], note: 'PCsensor TEMPerX232 (ASCII over serial)' },
  // The generic bridges below carry either a logger or an RS-485 bus; the driver tells them apart
  // by asking (an Elitech answers its init frame at 115200 baud, a Modbus probe answers at 9600).
  { vendorId: 0x10c4, productId: 0xea60, transport: 'serial', families: ['elitech', 'modbus'], note: 'Silicon Labs CP210x (inside the RC-4; also on RS-485 adapters)' },
  { vendorId: 0x1a86, productId: 0x7523, transport: 'serial', families: ['elitech', 'modbus'], note: 'WCH CH340 (inside the RC-5; the most common RS-485 adapter)' },
  { vendorId: 0x0403, productId: 0x6001, transport: 'serial', families: ['modbus'], note: 'FTDI FT232R RS-485 adapter' },
  { vendorId: 0x0403, productId: 0x6015, transport: 'serial', families: ['modbus'], note: 'FTDI FT-X RS-485 adapter' },
  { vendorId: 0x10c4, productId: 0x0002, transport: 'usb', families: ['elusb'], usbBulk: { interface: 0, inEndpoint: 2, outEndpoint: 2 }, note: 'Lascar EasyLog EL-USB-1 / EL-USB-2 data logger (SiLabs F32x, bulk endpoints)' },
];

export function identifyUsbDevice(vendorId: number, productId: number): UsbIdRow | null {
  return USB_ID_TABLE.find((r) => r.vendorId === vendorId && r.productId === productId) ?? null;
}

export interface SerialSettings {
  baudRate: number;
  dataBits: 8;
  stopBits: 1;
  /** Parities to try, first one first. */
  parities: readonly ('none' | 'even')[];
  timeoutMs: number;
}

export const SERIAL_SETTINGS: Readonly<Record<Exclude<DeviceFamily, 'temper' | 'elusb'>, SerialSettings>> = {
  temperx232: { baudRate: 9600, dataBits: 8, stopBits: 1, parities: ['none'], timeoutMs: 1000 },
  // Some XY-MD02 units ship set to even parity.
  modbus: { baudRate: 9600, dataBits: 8, stopBits: 1, parities: ['none', 'even'], timeoutMs: 500 },
  elitech: { baudRate: 115200, dataBits: 8, stopBits: 1, parities: ['none'], timeoutMs: 5000 },
};

/** How a raw 16-bit field becomes a temperature. */
export type TemperTempFormula =
  | 'div100' // int16 / 100
  | 'div256' // int16 / 256 (FM75 sensor, 8.8 fixed point)
  | 'si7021'; // uint16 * 175.72 / 65536 - 46.85

/** How a raw 16-bit field becomes relative humidity. */
export type TemperRhFormula =
  | 'div100' // uint16 / 100
  | 'si7021' // uint16 * 125 / 65536 - 6
  | 'fm75'; // uint16 * 32 / 1000 (temper-python's rule for the TEMPer1F_H1 / TEMPerHumi boards)

export interface TemperChannelLayout {
  channel: Channel;
  /** Byte offset of the big-endian field in the concatenated answer. */
  tempOffset: number;
  rhOffset: number | null;
}

export interface TemperRule {
  family: string;
  /** Matched against the start of the firmware string, so unseen revisions of a family decode. */
  firmware: RegExp;
  temp: TemperTempFormula;
  rh: TemperRhFormula | null;
  channels: readonly TemperChannelLayout[];
  /** The device answers one read with two 8-byte reports (internal, then external). */
  twoReports: boolean;
  /** A field of 0x4E20 means no sensor on that channel. Not for Si7021: 0x4E20 is 6.78 C there. */
  noSensorSentinel: boolean;
  /**
   * What the board sends for a sensor that did not answer, besides 0x4E20. The older /256 boards
   * send 0xFFFF: an FM75 never sets the four low bits, so it is no temperature, though decoded it
   * would pass for 0.00 C (-1/256). The TEMPerNTC sends the same for an empty probe socket.
   */
  emptySocket?: number;
}

const internal = (tempOffset: number, rhOffset: number | null = null): TemperChannelLayout => ({
  channel: 'internal',
  tempOffset,
  rhOffset,
});
const external = (tempOffset: number, rhOffset: number | null = null): TemperChannelLayout => ({
  channel: 'external',
  tempOffset,
  rhOffset,
});
/** The second, third… probe socket of a board with several ('external' is the first). */
const furtherExternal = (socket: number, tempOffset: number): TemperChannelLayout => ({
  channel: `external-${socket}`,
  tempOffset,
  rhOffset: null,
});

/** What the /256 boards send for a sensor that did not answer (see emptySocket). */
const FM75_SILENT = 0xffff;

/** First match wins; the regexes are case-sensitive (TEMPERHUM1 and TEMPerHUM_ are different boards). */
export const TEMPER_RULES: readonly TemperRule[] = [
  // Older RDing boards (0c45:7401/7402): FM75 or Si7021 sensors, one report.
  { family: 'TEMPERHUM1', firmware: /^TEMPERHUM1V1\./, temp: 'si7021', rh: 'si7021', channels: [internal(2, 4)], twoReports: false, noSensorSentinel: false },
  { family: 'TEMPerHumi', firmware: /^TEMPerHumiV1\./, temp: 'div256', rh: 'fm75', channels: [internal(2, 4)], twoReports: false, noSensorSentinel: true, emptySocket: FM75_SILENT },
  { family: 'TEMPer1F_H1', firmware: /^TEMPer1F_H1_V1\./, temp: 'div256', rh: 'fm75', channels: [internal(2, 4)], twoReports: false, noSensorSentinel: true, emptySocket: FM75_SILENT },
  // TEMPer1F_V1.x puts its only sensor at offset 4, unlike every other board.
  { family: 'TEMPer1F_V1', firmware: /^TEMPer1F_V1\./, temp: 'div256', rh: null, channels: [internal(4)], twoReports: false, noSensorSentinel: true, emptySocket: FM75_SILENT },
  { family: 'TEMPer1F', firmware: /^TEMPer1?F1\./, temp: 'div256', rh: null, channels: [internal(2)], twoReports: false, noSensorSentinel: true, emptySocket: FM75_SILENT },
  // TEMPerNTC (0c45:7401): the stick's own sensor and two NTC probe sockets, one report. Its firmware
  // answer reads "TEMPerNTC F1.0NT", its USB product name "TEMPerNTC1.O" (a letter O).
  { family: 'TEMPerNTC', firmware: /^TEMPerNTC/, temp: 'div256', rh: null, channels: [internal(2), external(4), furtherExternal(2, 6)], twoReports: false, noSensorSentinel: true, emptySocket: FM75_SILENT },
  { family: 'TEMPer2_V1', firmware: /^TEMPer2(?:_M12_)?V1\./, temp: 'div256', rh: null, channels: [internal(2), external(4)], twoReports: false, noSensorSentinel: true, emptySocket: FM75_SILENT },
  { family: 'TEMPerV1', firmware: /^TEMPer1?V1\./, temp: 'div256', rh: null, channels: [internal(2)], twoReports: false, noSensorSentinel: true, emptySocket: FM75_SILENT },
  // PCsensor V3/V4 firmware (413d:2107 and later): hundredths, 0x4E20 when a probe is absent.
  { family: 'TEMPerGold', firmware: /^TEMPerGold_V\d/, temp: 'div100', rh: null, channels: [internal(2)], twoReports: false, noSensorSentinel: true },
  { family: 'TEMPer2', firmware: /^TEMPer2_V\d/, temp: 'div100', rh: null, channels: [internal(2), external(10)], twoReports: true, noSensorSentinel: true },
  // The external jack of a TEMPerHUM answers in a second report, temperature only (ccwienk/temper).
  { family: 'TEMPerHUM', firmware: /^TEMPerHUM_V\d/, temp: 'div100', rh: 'div100', channels: [internal(2, 4), external(10)], twoReports: true, noSensorSentinel: true },
  { family: 'TEMPer1F_V3', firmware: /^TEMPer1F_V[3-9]\./, temp: 'div100', rh: null, channels: [internal(2)], twoReports: false, noSensorSentinel: true },
  { family: 'TEMPerX', firmware: /^TEMPerX_V\d/, temp: 'div100', rh: 'div100', channels: [internal(2, 4), external(10, 12)], twoReports: true, noSensorSentinel: true },
];

export function findTemperRule(firmware: string): TemperRule {
  const rule = TEMPER_RULES.find((r) => r.firmware.test(firmware));
  if (!rule) {
    throw new OpsFlowError(
      'DEVICE_UNSUPPORTED',
      `This TEMPer thermometer (firmware "${firmware}") is a model OpsFlow cannot read yet. Unplug it and tell your IT contact the firmware name.`,
      { firmware },
    );
  }
  return rule;
}
