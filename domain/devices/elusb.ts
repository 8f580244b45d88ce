import { divideRounded, latin1Text } from './bytes';
import { isValidElitechDateTime, type ElitechDateTime } from './elitech-frame';
import { OpsFlowError } from '../errors';

/**
 * Lascar EasyLog EL-USB loggers (USB 10c4:0002, a SiLabs C8051F321 with bulk endpoints 0x02 out
 * and 0x82 in). Sources: libsigrok `src/hardware/lascar-el-usb/protocol.c` and `api.c`, and the
 * sigrok wiki page "Lascar Electronics EL-USB protocol".
 *
 * Commands are three bytes: `00 FF FF` reads the configuration block, `03 FF FF` the log,
 * `01 LL LL` (length, little-endian) saves a configuration block sent right after it. Both reads
 * answer with a header `02 LL LL` (length of what follows, little-endian), then that many bytes.
 * A save is acknowledged with the single byte `FF`.
 */

export const ELUSB_READ_CONFIG = Uint8Array.of(0x00, 0xff, 0xff);
export const ELUSB_READ_LOG = Uint8Array.of(0x03, 0xff, 0xff);
export const ELUSB_HEADER_LENGTH = 3;
export const ELUSB_SAVE_ACK = 0xff;
/** libsigrok's MAX_CONFIGBLOCK_SIZE. */
export const ELUSB_MAX_CONFIG_LENGTH = 256;
/** The block must reach the serial number (0x34, two bytes) for OpsFlow to know the logger. */
export const ELUSB_MIN_CONFIG_LENGTH = 0x36;

const OFFSET = {
  model: 0x00,
  name: 0x02,
  start: 0x12, // hour, minute, second, day, month, year - 2000
  startDelayS: 0x18, // u32 LE, seconds left before logging starts
  intervalS: 0x1c, // u16 LE
  storedSamples: 0x1e, // u16 LE (the wiki's "0x2e" for this is wrong; libsigrok reads 0x1e)
  flags: 0x20, // u16 LE, 13 bits; 0x0100 = logging
  unit: 0x2e, // u16 LE: 0 Celsius, 1 Fahrenheit
  firmware: 0x30, // 4 ASCII characters
  serial: 0x34, // u16 LE
} as const;

const LOGGING_FLAG = 0x0100;
const FLAGS_MASK = 0x1fff;

export type ElUsbSampleKind = 'temperature' | 'temperature-humidity';

export interface ElUsbModel {
  /** The model byte at offset 0 of the configuration block. */
  id: number;
  name: string;
  /** What OpsFlow reads from it; null for models it refuses (carbon monoxide, voltage, thermocouple…). */
  samples: ElUsbSampleKind | null;
}

/** libsigrok's profile table. EL-USB-1 is read one byte a sample, the EL-USB-2 family two ([t, rh]). */
export const ELUSB_MODELS: readonly ElUsbModel[] = [
  { id: 1, name: 'EL-USB-1', samples: 'temperature' },
  { id: 2, name: 'EL-USB-1', samples: 'temperature' },
  { id: 3, name: 'EL-USB-2', samples: 'temperature-humidity' },
  { id: 4, name: 'EL-USB-3', samples: null },
  { id: 5, name: 'EL-USB-4', samples: null },
  { id: 6, name: 'EL-USB-3', samples: null },
  { id: 7, name: 'EL-USB-4', samples: null },
  { id: 8, name: 'EL-USB-LITE', samples: null },
  { id: 9, name: 'EL-USB-CO', samples: null },
  { id: 10, name: 'EL-USB-TC', samples: null },
  { id: 11, name: 'EL-USB-CO300', samples: null },
  { id: 12, name: 'EL-USB-2-LCD', samples: 'temperature-humidity' },
  { id: 13, name: 'EL-USB-2+', samples: 'temperature-humidity' },
  { id: 14, name: 'EL-USB-1-PRO', samples: null },
  { id: 15, name: 'EL-USB-TC-LCD', samples: null },
  { id: 16, name: 'EL-USB-2-LCD+', samples: 'temperature-humidity' },
  { id: 17, name: 'EL-USB-5', samples: null },
  { id: 18, name: 'EL-USB-1-RCG', samples: null },
  { id: 19, name: 'EL-USB-1-LCD', samples: null },
  { id: 20, name: 'EL-OEM-3', samples: null },
  { id: 21, name: 'EL-USB-1-LCD', samples: null },
];

export type ElUsbUnit = 'C' | 'F';

export interface ElUsbConfig {
  modelId: number;
  /** "EL-USB-2"; null for a model byte not in the table. */
  model: string | null;
  /** The name the logger was given in EasyLog (up to 15 characters). */
  name: string;
  /** The logger's wall clock when logging started (no time zone). */
  start: ElitechDateTime;
  startDelayS: number;
  intervalS: number;
  storedSamples: number;
  logging: boolean;
  /** null for a unit code OpsFlow does not know (libsigrok quietly takes Celsius; OpsFlow refuses). */
  unit: ElUsbUnit | null;
  unitCode: number;
  firmware: string;
  serialNumber: number;
  /** The whole block as read: a save writes it back with only the changed fields patched. */
  block: Uint8Array;
}

/** A `02 LL LL` answer header: the length of what follows. */
export function decodeElUsbHeader(bytes: Uint8Array, what: 'configuration' | 'log'): number {
  const details = { what, length: bytes.length };
  if (bytes.length < ELUSB_HEADER_LENGTH) {
    throw new OpsFlowError('FRAME_TRUNCATED', `The logger's answer to the ${what} request was cut short.`, details);
  }
  if (bytes.length > ELUSB_HEADER_LENGTH || bytes[0] !== 0x02) {
    throw new OpsFlowError('FRAME_INVALID', `The logger's answer to the ${what} request could not be understood.`, { ...details, first: bytes[0] });
  }
  const length = bytes[1]! | (bytes[2]! << 8);
  if (what === 'configuration' && (length < ELUSB_MIN_CONFIG_LENGTH || length > ELUSB_MAX_CONFIG_LENGTH)) {
    throw new OpsFlowError(
      'FRAME_INVALID',
      `The logger announced a configuration of ${length} bytes; an EL-USB's is ${ELUSB_MIN_CONFIG_LENGTH} to ${ELUSB_MAX_CONFIG_LENGTH}.`,
      { ...details, announced: length },
    );
  }
  return length;
}

export function findElUsbModel(modelId: number): ElUsbModel | null {
  return ELUSB_MODELS.find((m) => m.id === modelId) ?? null;
}

export function decodeElUsbConfig(block: Uint8Array): ElUsbConfig {
  if (block.length < ELUSB_MIN_CONFIG_LENGTH) {
    throw new OpsFlowError('FRAME_TRUNCATED', `The logger's configuration was cut short: ${block.length} bytes, at least ${ELUSB_MIN_CONFIG_LENGTH} expected.`, {
      length: block.length,
      expected: ELUSB_MIN_CONFIG_LENGTH,
    });
  }
  if (block.length > ELUSB_MAX_CONFIG_LENGTH) {
    throw new OpsFlowError('FRAME_INVALID', `The logger's configuration was longer than an EL-USB's (${block.length} bytes).`, { length: block.length });
  }
  const modelId = block[OFFSET.model]!;
  if (modelId === 0) {
    throw new OpsFlowError('FRAME_INVALID', "The logger's configuration names no model: it may not have been set up with EasyLog yet.", {});
  }
  const u16 = (at: number): number => block[at]! | (block[at + 1]! << 8);
  const [hour, minute, second, day, month, year] = block.subarray(OFFSET.start, OFFSET.start + 6);
  const unitCode = u16(OFFSET.unit);
  return {
    modelId,
    model: findElUsbModel(modelId)?.name ?? null,
    name: nulTerminated(block.subarray(OFFSET.name, OFFSET.name + 16)),
    start: { year: 2000 + year!, month: month!, day: day!, hour: hour!, minute: minute!, second: second! },
    startDelayS: (u16(OFFSET.startDelayS) + u16(OFFSET.startDelayS + 2) * 0x10000) >>> 0,
    intervalS: u16(OFFSET.intervalS),
    storedSamples: u16(OFFSET.storedSamples),
    logging: (u16(OFFSET.flags) & LOGGING_FLAG) !== 0,
    unit: unitCode === 0 ? 'C' : unitCode === 1 ? 'F' : null,
    unitCode,
    firmware: latin1Text(block.subarray(OFFSET.firmware, OFFSET.firmware + 4)).replace(/\0+$/, ''),
    serialNumber: u16(OFFSET.serial),
    block: block.slice(),
  };
}

function nulTerminated(bytes: Uint8Array): string {
  const end = bytes.indexOf(0);
  return latin1Text(end < 0 ? bytes : bytes.subarray(0, end));
}

export interface ElUsbConfigChanges {
  logging?: boolean;
  start?: ElitechDateTime;
  startDelayS?: number;
  storedSamples?: number;
}

/** The block to save: the one read, with only these fields changed (the rest is the logger's own). */
export function encodeElUsbConfig(config: ElUsbConfig, changes: ElUsbConfigChanges): Uint8Array {
  const block = config.block.slice();
  const setU16 = (at: number, value: number): void => {
    block[at] = value & 0xff;
    block[at + 1] = (value >> 8) & 0xff;
  };
  if (changes.logging !== undefined) {
    const flags = (block[OFFSET.flags]! | (block[OFFSET.flags + 1]! << 8)) & FLAGS_MASK;
    setU16(OFFSET.flags, changes.logging ? flags | LOGGING_FLAG : flags & ~LOGGING_FLAG);
  }
  if (changes.start !== undefined) {
    const s = changes.start;
    if (!isValidElitechDateTime(s) || s.year < 2000 || s.year > 2255) {
      throw new OpsFlowError('BAD_INPUT', 'That is not a date and time an EL-USB logger can hold (years 2000 to 2255).', { ...s });
    }
    block.set([s.hour, s.minute, s.second, s.day, s.month, s.year - 2000], OFFSET.start);
  }
  if (changes.startDelayS !== undefined) {
    const d = changes.startDelayS;
    if (!Number.isInteger(d) || d < 0 || d > 0xffffffff) throw new OpsFlowError('BAD_INPUT', 'A start delay is a whole number of seconds.', { startDelayS: d });
    setU16(OFFSET.startDelayS, d & 0xffff);
    setU16(OFFSET.startDelayS + 2, Math.floor(d / 0x10000));
  }
  if (changes.storedSamples !== undefined) setU16(OFFSET.storedSamples, changes.storedSamples);
  return block;
}

/** `01 LL LL`: announces a configuration block of that many bytes, sent next. */
export function encodeElUsbSaveRequest(blockLength: number): Uint8Array {
  return Uint8Array.of(0x01, blockLength & 0xff, (blockLength >> 8) & 0xff);
}

/** The settings a new log starts with: logging now, at `start`, and no samples yet. */
export function restartedElUsbConfig(config: ElUsbConfig, start: ElitechDateTime): Uint8Array {
  return encodeElUsbConfig(config, { logging: true, start, startDelayS: 0, storedSamples: 0 });
}

/** What a configuration says about reading its log; refuses models OpsFlow does not read, naming them. */
export interface ElUsbSampleFormat {
  kind: ElUsbSampleKind;
  unit: ElUsbUnit;
  /** Bytes per sample in the log. */
  size: 1 | 2;
}

export function elUsbSampleFormat(config: Pick<ElUsbConfig, 'modelId' | 'model' | 'unit' | 'unitCode'>): ElUsbSampleFormat {
  const model = findElUsbModel(config.modelId);
  if (!model) {
    throw new OpsFlowError(
      'DEVICE_UNSUPPORTED',
      `This Lascar EasyLog logger reports a model OpsFlow does not know (type ${config.modelId}). OpsFlow reads the EL-USB-1 and EL-USB-2.`,
      { modelId: config.modelId },
    );
  }
  if (!model.samples) {
    throw new OpsFlowError(
      'DEVICE_UNSUPPORTED',
      `The Lascar ${model.name} is an EasyLog model OpsFlow cannot read. OpsFlow reads the EL-USB-1 and EL-USB-2 temperature loggers.`,
      { modelId: model.id, model: model.name },
    );
  }
  if (config.unit === null) {
    throw new OpsFlowError('DEVICE_UNSUPPORTED', `The ${model.name} reports a temperature unit OpsFlow does not know. Set it to °C or °F with EasyLog.`, {
      unitCode: config.unitCode,
    });
  }
  return { kind: model.samples, unit: config.unit, size: model.samples === 'temperature' ? 1 : 2 };
}

export interface ElUsbSample {
  /** Position in the log: the sample was taken `index` intervals after the start. */
  index: number;
  tempCentiC: number;
  /** Hundredths of %RH; only from the EL-USB-2 family. */
  rhCentiPct?: number;
}

/**
 * Temperatures are stored offset by 40: half degrees in Celsius (°C = t/2 − 40, so every 0.5 °C
 * step is kept — libsigrok's integer division drops them), whole degrees in Fahrenheit
 * (°F = t − 40). Humidity is in half percent. An EL-USB-2 pair `00 00` is no sample (libsigrok
 * skips it); the place it held in time stays empty.
 */
export function decodeElUsbSamples(log: Uint8Array, format: ElUsbSampleFormat, count: number): ElUsbSample[] {
  const needed = count * format.size;
  if (log.length < needed) {
    throw new OpsFlowError('FRAME_TRUNCATED', `The logger's log was cut short: ${log.length} of ${needed} bytes arrived.`, { length: log.length, expected: needed });
  }
  const samples: ElUsbSample[] = [];
  for (let i = 0; i < count; i++) {
    const t = log[i * format.size]!;
    const tempCentiC = format.unit === 'C' ? t * 50 - 4000 : divideRounded((t - 40 - 32) * 500, 9);
    if (format.kind === 'temperature') {
      samples.push({ index: i, tempCentiC });
      continue;
    }
    const h = log[i * 2 + 1]!;
    if (t === 0 && h === 0) continue;
    if (h > 200) {
      throw new OpsFlowError('FRAME_INVALID', `Sample ${i + 1} of the logger's log has a humidity of ${h / 2} %RH, which cannot be: the log could not be read.`, {
        sample: i + 1,
        rhHalfPct: h,
      });
    }
    samples.push({ index: i, tempCentiC, rhCentiPct: h * 50 });
  }
  return samples;
}
