import { latin1Text, viewOf } from './bytes';
import { findElitechModel, type ElitechModel, type ElitechUnit } from './elitech';
import {
  checkElitechFrameShape,
  decodeElitechDateTime,
  formatElitechDateTime,
  hasValidElitechChecksum,
  type ElitechDateTime,
} from './elitech-frame';

/**
 * The 160-byte device-info answer of an Elitech RC-4 / RC-5 (layout from elitech-datareader).
 * Limits and calibrations are tenths of a degree in the logger's own unit.
 */

export const ELITECH_DEVINFO_LENGTH = 160;

export type ElitechWorkStatus = 'not-started' | 'logging' | 'stopped' | 'delayed-start';

/**
 * Problems that do not stop a download but belong in the log. The device-info frames published
 * upstream do not satisfy the sum checksum, so a mismatch here is a warning until a real capture
 * shows the rule.
 */
export type ElitechDevInfoWarning = 'CHECKSUM_MISMATCH' | 'UNKNOWN_MODEL' | 'UNKNOWN_UNIT' | 'ZERO_INTERVAL';

export interface ElitechDeviceInfo {
  station: number;
  modelByte: number;
  model: ElitechModel | null;
  intervalS: number;
  tempUpperLimitTenths: number;
  tempLowerLimitTenths: number;
  lastOnlineRaw: ElitechDateTime;
  lastOnline: string | null;
  workStatus: ElitechWorkStatus | null;
  startRaw: ElitechDateTime;
  start: string | null;
  stopButtonAllowed: boolean | null;
  recordCount: number;
  clockRaw: ElitechDateTime;
  /** The logger's clock when it answered: logger-local, no zone. */
  clock: string | null;
  userInfo: string;
  userInfoBytes: Uint8Array;
  /** The serial number printed on the logger; null when never set (all 0xFF). */
  deviceNumber: string | null;
  startDelayMin: number | null;
  toneEnabled: boolean | null;
  /** 0 = no alarm, 3 or 10 = beeps. */
  alarmRepeat: number;
  /** null when the byte is neither 0x13 (F) nor 0x31 (C): readings cannot be decoded safely. */
  unit: ElitechUnit | null;
  tempCalibrationTenths: number;
  rhUpperLimitTenths: number;
  rhLowerLimitTenths: number;
  rhCalibrationTenths: number;
  warnings: ElitechDevInfoWarning[];
}

const WORK_STATUS: Record<number, ElitechWorkStatus> = { 0: 'not-started', 1: 'logging', 2: 'stopped', 3: 'delayed-start' };

/** The two "yes/no" bytes Elitech uses everywhere: 0x13 yes, 0x31 no. */
function flag(byte: number): boolean | null {
  return byte === 0x13 ? true : byte === 0x31 ? false : null;
}

function trimEnd(bytes: Uint8Array, pad: readonly number[]): Uint8Array {
  let end = bytes.length;
  while (end > 0 && pad.includes(bytes[end - 1] ?? -1)) end--;
  return bytes.subarray(0, end);
}

export function decodeElitechDevInfo(frame: Uint8Array): ElitechDeviceInfo {
  checkElitechFrameShape(frame, ELITECH_DEVINFO_LENGTH, 'device information');
  const v = viewOf(frame);
  const warnings: ElitechDevInfoWarning[] = [];
  if (!hasValidElitechChecksum(frame)) warnings.push('CHECKSUM_MISMATCH');

  const modelByte = v.getUint8(3);
  const model = findElitechModel(modelByte)?.model ?? null;
  if (model === null) warnings.push('UNKNOWN_MODEL');

  const intervalS = v.getUint8(5) * 3600 + v.getUint8(6) * 60 + v.getUint8(7);
  if (intervalS === 0) warnings.push('ZERO_INTERVAL');

  const unitByte = v.getUint8(151);
  const unit: ElitechUnit | null = unitByte === 0x31 ? 'C' : unitByte === 0x13 ? 'F' : null;
  if (unit === null) warnings.push('UNKNOWN_UNIT');

  const lastOnlineRaw = decodeElitechDateTime(frame, 12);
  const startRaw = decodeElitechDateTime(frame, 20);
  const clockRaw = decodeElitechDateTime(frame, 31);

  const userInfoBytes = trimEnd(frame.slice(38, 138), [0x00]);
  const deviceNumberText = latin1Text(trimEnd(frame.subarray(138, 148), [0x00, 0xff]));

  // Start delay: high nibble whole hours, low nibble 1 = an extra half hour (0x11 = 1.5 h).
  const delay = v.getUint8(148);
  const delayHi = delay >> 4;
  const delayLo = delay & 0x0f;
  const startDelayMin = delayLo <= 1 && delayHi <= 9 ? delayHi * 60 + delayLo * 30 : null;

  return {
    station: v.getUint8(1),
    modelByte,
    model,
    intervalS,
    tempUpperLimitTenths: v.getInt16(8),
    tempLowerLimitTenths: v.getInt16(10),
    lastOnlineRaw,
    lastOnline: formatElitechDateTime(lastOnlineRaw),
    workStatus: WORK_STATUS[v.getUint8(19)] ?? null,
    startRaw,
    start: formatElitechDateTime(startRaw),
    stopButtonAllowed: flag(v.getUint8(27)),
    recordCount: v.getUint16(29),
    clockRaw,
    clock: formatElitechDateTime(clockRaw),
    userInfo: new TextDecoder('utf-8').decode(userInfoBytes),
    userInfoBytes,
    deviceNumber: deviceNumberText === '' ? null : deviceNumberText,
    startDelayMin,
    toneEnabled: flag(v.getUint8(149)),
    alarmRepeat: v.getUint8(150),
    unit,
    tempCalibrationTenths: v.getInt8(152),
    rhUpperLimitTenths: v.getInt16(153),
    rhLowerLimitTenths: v.getInt16(155),
    rhCalibrationTenths: v.getInt8(158),
    warnings,
  };
}
