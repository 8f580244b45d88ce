import { describe, expect, it } from 'vitest';
import {
  decodeElUsbConfig,
  decodeElUsbHeader,
  decodeElUsbSamples,
  elUsbSampleFormat,
  encodeElUsbConfig,
  encodeElUsbSaveRequest,
  restartedElUsbConfig,
  type ElUsbConfig,
} from './elusb';
import { hexToBytes } from './hex';

/*
 * Byte layouts from libsigrok src/hardware/lascar-el-usb (protocol.c: model byte at 0, flags at
 * 32-33 with 0x0100 = logging, firmware at 0x30, serial at 52-53; api.c: interval at 0x1c, stored
 * samples at 0x1e, unit at 0x2e, headers `02 LL LL`) and the sigrok wiki page "Lascar Electronics
 * EL-USB protocol" (name at 0x02, start time at 0x12: h m s d M y-2000, start delay at 0x18).
 * No capture of a real logger is public; the blocks below are written out by hand from those.
 */

/** An EL-USB-2 named "Walk-in", started 2024-01-10 09:00:00, one sample a minute, 3 samples, °C, firmware "2.0A", serial 4660. */
const EL_USB_2_BLOCK =
  '03' + '00' + // model 3 (EL-USB-2), unused
  '57616c6b2d696e000000000000000000' + // "Walk-in", NUL-padded to 16
  '090000' + '0a0118' + // 09:00:00, 10 January 2024
  '00000000' + // no start delay
  '3c00' + // interval 60 s
  '0300' + // 3 stored samples
  '0001' + // flags: logging (0x0100)
  '5010' + // alarm high/low bytes (unused by OpsFlow)
  '00000000' + '00000000' + '0000' + // 0x24..0x2d
  '0000' + // unit: Celsius
  '322e3041' + // firmware "2.0A"
  '3412' + // serial 0x1234
  '00'.repeat(10); // up to 64 bytes

const block = (hex: string): Uint8Array => hexToBytes(hex);
const withByte = (from: string | Uint8Array, offset: number, value: number): Uint8Array => {
  const b = typeof from === 'string' ? block(from) : from.slice();
  b[offset] = value;
  return b;
};

describe('EL-USB configuration block', () => {
  it('decodes model, name, start, interval (0x1c), stored samples (0x1e), logging flag, unit (0x2e), firmware and serial', () => {
    const config = decodeElUsbConfig(block(EL_USB_2_BLOCK));
    expect(config).toMatchObject({
      modelId: 3,
      model: 'EL-USB-2',
      name: 'Walk-in',
      start: { year: 2024, month: 1, day: 10, hour: 9, minute: 0, second: 0 },
      startDelayS: 0,
      intervalS: 60,
      storedSamples: 3,
      logging: true,
      unit: 'C',
      firmware: '2.0A',
      serialNumber: 4660,
    });
    expect(config.block).toHaveLength(64);
  });

  it('reads the interval and sample count little-endian, past 255', () => {
    const b = block(EL_USB_2_BLOCK);
    b.set([0x10, 0x0e], 0x1c); // 3600 s
    b.set([0xfe, 0x3f], 0x1e); // 16382 samples, a full EL-USB-2
    expect(decodeElUsbConfig(b)).toMatchObject({ intervalS: 3600, storedSamples: 16382 });
  });

  it('reads unit 1 as Fahrenheit and any other unit code as unknown', () => {
    expect(decodeElUsbConfig(withByte(EL_USB_2_BLOCK, 0x2e, 1)).unit).toBe('F');
    expect(decodeElUsbConfig(withByte(EL_USB_2_BLOCK, 0x2e, 7))).toMatchObject({ unit: null, unitCode: 7 });
  });

  it('refuses a block too short to hold the serial number, one longer than 256 bytes, and one with no model', () => {
    expect(() => decodeElUsbConfig(block(EL_USB_2_BLOCK).subarray(0, 0x35))).toThrow(expect.objectContaining({ code: 'FRAME_TRUNCATED' }));
    expect(() => decodeElUsbConfig(new Uint8Array(257).fill(3))).toThrow(expect.objectContaining({ code: 'FRAME_INVALID' }));
    expect(() => decodeElUsbConfig(withByte(EL_USB_2_BLOCK, 0, 0))).toThrow(/names no model/);
  });

  it('restarting sets the logging flag, the new start, no delay and no samples, and keeps every other byte', () => {
    const stopped = decodeElUsbConfig(withByte(EL_USB_2_BLOCK, 0x21, 0x00));
    expect(stopped.logging).toBe(false);
    const saved = restartedElUsbConfig(stopped, { year: 2024, month: 7, day: 4, hour: 12, minute: 30, second: 15 });
    const again = decodeElUsbConfig(saved);
    expect(again).toMatchObject({ logging: true, storedSamples: 0, startDelayS: 0, start: { year: 2024, month: 7, day: 4, hour: 12, minute: 30, second: 15 } });
    const changed = [...saved.keys()].filter((i) => saved[i] !== stopped.block[i]);
    expect(changed).toEqual([0x12, 0x13, 0x14, 0x15, 0x16, 0x1e, 0x21]);
  });

  it('refuses a start an EL-USB cannot hold', () => {
    const config = decodeElUsbConfig(block(EL_USB_2_BLOCK));
    expect(() => encodeElUsbConfig(config, { start: { year: 1999, month: 12, day: 31, hour: 0, minute: 0, second: 0 } })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
    expect(() => encodeElUsbConfig(config, { start: { year: 2024, month: 2, day: 30, hour: 0, minute: 0, second: 0 } })).toThrow(expect.objectContaining({ code: 'BAD_INPUT' }));
  });

  it('announces a save with 01 and the block length little-endian', () => {
    expect([...encodeElUsbSaveRequest(64)]).toEqual([0x01, 0x40, 0x00]);
    expect([...encodeElUsbSaveRequest(0x100)]).toEqual([0x01, 0x00, 0x01]);
  });
});

describe('EL-USB answer headers', () => {
  it('reads the length after 02, little-endian', () => {
    expect(decodeElUsbHeader(Uint8Array.of(0x02, 0x40, 0x00), 'configuration')).toBe(64);
    expect(decodeElUsbHeader(Uint8Array.of(0x02, 0x00, 0x80), 'log')).toBe(32768);
  });

  it('refuses a header cut short, one that does not start with 02, and a configuration length no EL-USB has', () => {
    expect(() => decodeElUsbHeader(Uint8Array.of(0x02, 0x40), 'log')).toThrow(expect.objectContaining({ code: 'FRAME_TRUNCATED' }));
    expect(() => decodeElUsbHeader(Uint8Array.of(0x05, 0x40, 0x00), 'log')).toThrow(expect.objectContaining({ code: 'FRAME_INVALID' }));
    expect(() => decodeElUsbHeader(Uint8Array.of(0x02, 0x10, 0x00), 'configuration')).toThrow(/announced a configuration of 16 bytes/);
    expect(() => decodeElUsbHeader(Uint8Array.of(0x02, 0x01, 0x01), 'configuration')).toThrow(/announced a configuration of 257 bytes/);
  });
});

describe('EL-USB models', () => {
  const configOf = (modelId: number, unitCode = 0): Pick<ElUsbConfig, 'modelId' | 'model' | 'unit' | 'unitCode'> =>
    decodeElUsbConfig(withByte(withByte(EL_USB_2_BLOCK, 0, modelId), 0x2e, unitCode));

  it('reads the EL-USB-1 one byte a sample and the EL-USB-2 family two', () => {
    expect(elUsbSampleFormat(configOf(1))).toEqual({ kind: 'temperature', unit: 'C', size: 1 });
    expect(elUsbSampleFormat(configOf(2))).toEqual({ kind: 'temperature', unit: 'C', size: 1 });
    for (const id of [3, 12, 13, 16]) expect(elUsbSampleFormat(configOf(id, 1))).toEqual({ kind: 'temperature-humidity', unit: 'F', size: 2 });
  });

  it('refuses other models with a sentence naming them', () => {
    expect(() => elUsbSampleFormat(configOf(9))).toThrow('The Lascar EL-USB-CO is an EasyLog model OpsFlow cannot read. OpsFlow reads the EL-USB-1 and EL-USB-2 temperature loggers.');
    expect(() => elUsbSampleFormat(configOf(10))).toThrow(/The Lascar EL-USB-TC is an EasyLog model/);
    expect(() => elUsbSampleFormat(configOf(4))).toThrow(expect.objectContaining({ code: 'DEVICE_UNSUPPORTED', message: expect.stringContaining('EL-USB-3') }));
    expect(() => elUsbSampleFormat(configOf(42))).toThrow('This Lascar EasyLog logger reports a model OpsFlow does not know (type 42). OpsFlow reads the EL-USB-1 and EL-USB-2.');
  });

  it('refuses a unit it does not know instead of guessing Celsius', () => {
    expect(() => elUsbSampleFormat(configOf(3, 2))).toThrow('The EL-USB-2 reports a temperature unit OpsFlow does not know. Set it to °C or °F with EasyLog.');
  });
});

describe('EL-USB samples', () => {
  const EL_USB_2_C = { kind: 'temperature-humidity', unit: 'C', size: 2 } as const;

  it('°C = t/2 − 40 in exact half degrees and %RH = rh/2: the half degrees libsigrok drops are kept', () => {
    // t = 0x51 (81) is 0.5 °C (libsigrok: 81/2 - 40 = 0); 0x00 with rh 0x01 is -40 °C; 0xf1 is 80.5 °C.
    const log = Uint8Array.of(0x51, 0xa1, 0x00, 0x01, 0x4f, 0xc8, 0xf1, 0x00);
    expect(decodeElUsbSamples(log, EL_USB_2_C, 4)).toEqual([
      { index: 0, tempCentiC: 50, rhCentiPct: 8050 },
      { index: 1, tempCentiC: -4000, rhCentiPct: 50 },
      { index: 2, tempCentiC: -50, rhCentiPct: 10000 },
      { index: 3, tempCentiC: 8050, rhCentiPct: 0 },
    ]);
  });

  it('skips a 00 00 pair (no sample) but keeps the places of the samples after it', () => {
    const log = Uint8Array.of(0x4c, 0x96, 0x00, 0x00, 0x4a, 0x98);
    expect(decodeElUsbSamples(log, EL_USB_2_C, 3).map((s) => [s.index, s.tempCentiC])).toEqual([
      [0, -200],
      [2, -300],
    ]);
  });

  it('ignores the rest of the memory after the stored samples', () => {
    const log = Uint8Array.of(0x52, 0x64, 0xff, 0xff, 0xff, 0xff);
    expect(decodeElUsbSamples(log, EL_USB_2_C, 1)).toEqual([{ index: 0, tempCentiC: 100, rhCentiPct: 5000 }]);
  });

  it('reads Fahrenheit loggers in whole degrees from −40 °F and stores hundredths of °C', () => {
    // 72 → 32 °F = 0 °C; 0 → −40 °F = −40 °C; 138 → 98 °F = 36.67 °C.
    const log = Uint8Array.of(72, 100, 0, 100, 138, 100);
    expect(decodeElUsbSamples(log, { ...EL_USB_2_C, unit: 'F' }, 3).map((s) => s.tempCentiC)).toEqual([0, -4000, 3667]);
  });

  it('reads an EL-USB-1 log one byte a sample', () => {
    expect(decodeElUsbSamples(Uint8Array.of(0x50, 0x2c, 0x9a), { kind: 'temperature', unit: 'C', size: 1 }, 3)).toEqual([
      { index: 0, tempCentiC: 0 },
      { index: 1, tempCentiC: -1800 },
      { index: 2, tempCentiC: 3700 },
    ]);
  });

  it('refuses a log shorter than its stored samples, and a humidity over 100 %RH, naming the sample', () => {
    expect(() => decodeElUsbSamples(Uint8Array.of(0x50, 0x64, 0x50), EL_USB_2_C, 2)).toThrow("The logger's log was cut short: 3 of 4 bytes arrived.");
    expect(() => decodeElUsbSamples(Uint8Array.of(0x50, 0x64, 0x50, 0xc9), EL_USB_2_C, 2)).toThrow(
      "Sample 2 of the logger's log has a humidity of 100.5 %RH, which cannot be: the log could not be read.",
    );
  });
});
