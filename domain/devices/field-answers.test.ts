import { describe, expect, it } from 'vitest';
import { decodeCapture } from './capture-decode';
import { findTemperRule } from './device-table';
import { hexToBytes } from './hex';
import { decodeProbeRegisters, type ModbusProbeMap } from './modbus-probe';
import { decodeTemperFirmware, decodeTemperReport } from './temper';
import { decodeTemperX232Reading } from './temperx232';
import type { DecodedReading } from './types';
import { codeOf, loadCapture } from '../../tests/support/device-captures';

/**
 * Answers real devices give in normal use, posted by their owners in the upstream tools' issue
 * trackers and test suites (tests/fixtures/devices/field-answers.json names each source). The
 * first decoders refused all of these; each must now decode to what the device said.
 */

interface Expected {
  channel: string;
  celsius: number;
  rh?: number;
}

interface FieldAnswers {
  temper: { firmware: string; response: string; expect: Expected[]; source: string }[];
  temperFirmwareAnswers: { hex: string; firmware: string; family: string; source: string }[];
  temperFirmwareAnswersCutShort: { reports: string[]; source: string }[];
  temperx232: { reply: string; lineEndingsAsPosted?: boolean; expect: Expected[]; source: string }[];
  modbus: { map: ModbusProbeMap; request: string; response: string; expect: { celsius?: number; rh?: number }; source: string }[];
}

const answers = loadCapture<FieldAnswers>('field-answers.json');

/** Readings as hundredths, the way they are stored, from the capture's °C and %. */
const asStored = (expected: Expected[]): DecodedReading[] =>
  expected.map((e) => ({ channel: e.channel as DecodedReading['channel'], tempCentiC: Math.round(e.celsius * 100), rhCentiPct: e.rh === undefined ? null : Math.round(e.rh * 100) }));

describe('TEMPer answers from the field', () => {
  for (const c of answers.temper) {
    it(`${c.firmware} ${c.response}: every channel the board has, each on its own (${c.source.split(' (')[0]})`, () => {
      expect(decodeTemperReport(c.firmware, hexToBytes(c.response))).toEqual(asStored(c.expect));
    });
  }

  for (const c of answers.temperFirmwareAnswers) {
    it(`the firmware answer ${c.firmware} is read and finds the ${c.family} rule`, () => {
      const bytes = hexToBytes(c.hex);
      const firmware = decodeTemperFirmware([bytes.subarray(0, 8), bytes.subarray(8)]);
      expect(firmware).toBe(c.firmware);
      expect(findTemperRule(firmware).family).toBe(c.family);
    });
  }

  for (const c of answers.temperFirmwareAnswersCutShort) {
    it(`half a firmware name (${c.reports.join(' ')}) is cut short, to be asked again, not an unknown model`, () => {
      expect(codeOf(() => decodeTemperFirmware(c.reports.map(hexToBytes)))).toBe('FRAME_TRUNCATED');
    });
  }

  it('the support command prints the TEMPerNTC channels by name', () => {
    const [ntc] = answers.temper;
    expect(decodeCapture({ protocol: 'temper', firmware: ntc!.firmware, hex: ntc!.response })).toEqual({
      readings: [
        { channel: 'internal', celsius: 27.75, rh: null },
        { channel: 'external-2', celsius: 27.13, rh: null },
      ],
    });
  });
});

describe('TEMPerX232 answers from the field', () => {
  for (const c of answers.temperx232) {
    // A post that shows the lines one under another does not say whether the port sent LF or CR LF.
    const variants = c.lineEndingsAsPosted ? [c.reply, c.reply.replaceAll('\n', '\r\n'), c.reply.replaceAll('\n', '\r\n') + '\r\n'] : [c.reply];
    it(`${JSON.stringify(c.reply)} (${c.source.split(' (')[0]})`, () => {
      for (const reply of variants) expect(decodeTemperX232Reading(reply), JSON.stringify(reply)).toEqual(asStored(c.expect));
    });
  }
});

describe('Modbus polls of part of a probe', () => {
  for (const c of answers.modbus) {
    it(`${c.map} ${c.request} yields what was asked, no more (${c.source.split(',')[0]})`, () => {
      expect(decodeProbeRegisters(c.map, hexToBytes(c.request), hexToBytes(c.response))).toEqual({
        tempCentiC: c.expect.celsius === undefined ? null : Math.round(c.expect.celsius * 100),
        rhCentiPct: c.expect.rh === undefined ? null : Math.round(c.expect.rh * 100),
      });
      expect(decodeCapture({ protocol: 'modbus', request: c.request, hex: c.response })).toEqual({
        readings: [{ celsius: c.expect.celsius ?? null, rh: c.expect.rh ?? null }],
      });
    });
  }
});
