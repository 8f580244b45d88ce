import { OpsFlowError } from '../errors';
import { concatBytes, divideRounded, latin1Text, viewOf } from './bytes';
import { findTemperRule, type TemperRhFormula, type TemperRule, type TemperTempFormula } from './device-table';
import type { DecodedReading } from './types';

/** PCsensor TEMPer USB HID thermometers: 8-byte output reports, 8-byte input reports. */

const HID_REPORT_LENGTH = 8;
const NO_SENSOR = 0x4e20;

export function encodeTemperReadCommand(): Uint8Array {
  return Uint8Array.of(0x01, 0x80, 0x33, 0x01, 0x00, 0x00, 0x00, 0x00);
}

export function encodeTemperFirmwareQuery(): Uint8Array {
  return Uint8Array.of(0x01, 0x86, 0xff, 0x01, 0x00, 0x00, 0x00, 0x00);
}

/** node-hid writes the first byte as the report id; these devices use none, so it must be 0x00. */
export function withHidReportId(report: Uint8Array): Uint8Array {
  return concatBytes([Uint8Array.of(0x00), report]);
}

/**
 * The answer to the firmware query: ASCII, usually two 8-byte reports, padded with spaces or NULs
 * ("TEMPer2_V4.1\0\0\0\0", "TEMPerGold_V3.1 ").
 */
export function decodeTemperFirmware(answer: Uint8Array | readonly Uint8Array[]): string {
  const bytes = answer instanceof Uint8Array ? answer : concatBytes(answer);
  const nul = bytes.indexOf(0);
  const firmware = latin1Text(nul === -1 ? bytes : bytes.subarray(0, nul)).trim();
  if (firmware === '' || !/^[\x21-\x7e]+(?: [\x21-\x7e]+)*$/.test(firmware)) {
    throw new OpsFlowError(
      'FRAME_INVALID',
      "The thermometer's name could not be read; OpsFlow will ask again.",
      { length: bytes.length },
    );
  }
  // Some boards now and then drop the first report of the name and send only "V3.3": that is half
  // a name, not a model OpsFlow does not know.
  if (/^_?V\d/.test(firmware)) {
    throw new OpsFlowError('FRAME_TRUNCATED', "The thermometer's name arrived cut short; OpsFlow will ask again.", { firmware });
  }
  return firmware;
}

/** Decode the answer to the read command for a device whose firmware string is known. */
export function decodeTemperReport(firmware: string, answer: Uint8Array | readonly Uint8Array[]): DecodedReading[] {
  return decodeTemperReportWithRule(findTemperRule(firmware), answer);
}

/** The second byte of the report that carries the external probe on two-report boards (80 01 …). */
const EXTERNAL_REPORT = 0x01;

/**
 * Channels whose bytes fall in the first report are required (a shorter answer is truncated).
 * On two-report devices the second report carries the external probe; if it never arrived the
 * external channel is simply not reported, like an absent probe. A lone report that says it is
 * the external probe's (a TEMPer1F on TEMPerX firmware has no sensor of its own; or the first
 * report was lost) is read as the external probe, never filed under the stick's own sensor.
 */
export function decodeTemperReportWithRule(rule: TemperRule, answer: Uint8Array | readonly Uint8Array[]): DecodedReading[] {
  // Reports joined end to end: one cut short before the last would shift every field after it.
  if (!(answer instanceof Uint8Array) && answer.slice(0, -1).some((r) => r.length < HID_REPORT_LENGTH)) throw cutShort(rule, answer);
  const bytes = answer instanceof Uint8Array ? answer : concatBytes(answer);
  const view = viewOf(bytes);
  const readings: DecodedReading[] = [];
  const externalAlone = rule.twoReports && bytes.length === HID_REPORT_LENGTH && bytes[1] === EXTERNAL_REPORT;

  for (const layout of rule.channels) {
    const inSecondReport = layout.tempOffset >= HID_REPORT_LENGTH;
    if (externalAlone && !inSecondReport) continue;
    const shift = externalAlone ? HID_REPORT_LENGTH : 0;
    const tempOffset = layout.tempOffset - shift;
    const rhOffset = layout.rhOffset === null ? null : layout.rhOffset - shift;
    const lastByte = Math.max(tempOffset, rhOffset ?? 0) + 1;
    if (lastByte >= bytes.length) {
      if (rule.twoReports && inSecondReport) continue;
      throw cutShort(rule, [bytes]);
    }
    const rawTemp = view.getUint16(tempOffset);
    if ((rule.noSensorSentinel && rawTemp === NO_SENSOR) || rawTemp === rule.emptySocket) continue;

    let rhCentiPct: number | null = null;
    if (rule.rh && rhOffset !== null) {
      const rawRh = view.getUint16(rhOffset);
      if (!(rule.noSensorSentinel && rawRh === NO_SENSOR)) rhCentiPct = convertRh(rule.rh, rawRh);
    }
    readings.push({ channel: layout.channel, tempCentiC: convertTemp(rule.temp, rawTemp), rhCentiPct });
  }
  return readings;
}

function cutShort(rule: TemperRule, reports: readonly Uint8Array[]): OpsFlowError {
  return new OpsFlowError('FRAME_TRUNCATED', "The thermometer's answer was cut short; OpsFlow will ask again.", {
    family: rule.family,
    lengths: reports.map((r) => r.length),
  });
}

function convertTemp(formula: TemperTempFormula, raw: number): number {
  const signed = raw >= 0x8000 ? raw - 0x10000 : raw;
  switch (formula) {
    case 'div100':
      return signed;
    case 'div256':
      return divideRounded(signed * 100, 256);
    case 'si7021':
      // Si7021 datasheet: the temperature code is unsigned.
      return divideRounded(17572 * raw, 65536) - 4685;
  }
}

function convertRh(formula: TemperRhFormula, raw: number): number {
  switch (formula) {
    case 'div100':
      return raw;
    case 'si7021':
      // The datasheet asks for clamping: near 0 % and 100 % the formula slightly overshoots.
      return Math.min(10000, Math.max(0, divideRounded(12500 * raw, 65536) - 600));
    case 'fm75':
      return divideRounded(raw * 16, 5);
  }
}
