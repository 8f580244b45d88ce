import { viewOf } from '../../../domain/devices/bytes';
import type { ElitechDeviceInfo } from '../../../domain/devices/elitech-devinfo';
import { appendElitechChecksum } from '../../../domain/devices/elitech-frame';
import { OpsFlowError } from '../../../domain/errors';

/**
 * The "parameter put" request of an Elitech RC-4 / RC-5 (layout from elitech-datareader's
 * ParamPutRequest). Writing the parameters erases the stored log and arms a new one, which is
 * what Elitech's own software does on "save parameters"; OpsFlow writes back the settings the
 * logger already has, so the only change is a fresh, empty log.
 *
 * A pure encoder: it belongs with the other requests in domain/devices/elitech-requests.ts and
 * lives here only until that file's owner moves it.
 */

export const ELITECH_PARAM_PUT_LENGTH = 25;

const YES = 0x13;
const NO = 0x31;

export function encodeElitechParamPut(info: ElitechDeviceInfo): Uint8Array {
  if (info.unit === null || info.intervalS <= 0 || info.intervalS >= 24 * 3600) {
    throw new OpsFlowError('DEVICE_UNSUPPORTED', 'OpsFlow cannot restart this logger: its settings could not be read. Use the Elitech software once to set it up.', {
      unit: info.unit,
      intervalS: info.intervalS,
    });
  }
  const frame = new Uint8Array(ELITECH_PARAM_PUT_LENGTH - 1);
  const v = viewOf(frame);
  frame.set([0x33, info.station, 0x05, 0x00]);
  frame.set([Math.floor(info.intervalS / 3600), Math.floor(info.intervalS / 60) % 60, info.intervalS % 60], 4);
  v.setInt16(7, info.tempUpperLimitTenths);
  v.setInt16(9, info.tempLowerLimitTenths);
  v.setUint8(11, info.station);
  v.setUint8(12, info.stopButtonAllowed === false ? NO : YES);
  // Start delay as the device info reports it: high nibble hours, low nibble 1 = an extra half hour.
  const delayMin = info.startDelayMin ?? 0;
  v.setUint8(13, (Math.floor(delayMin / 60) << 4) | (delayMin % 60 >= 30 ? 1 : 0));
  v.setUint8(14, info.toneEnabled ? YES : NO);
  v.setUint8(15, info.alarmRepeat);
  v.setUint8(16, info.unit === 'C' ? NO : YES);
  v.setInt8(17, info.tempCalibrationTenths);
  v.setInt16(18, info.rhUpperLimitTenths);
  v.setInt16(20, info.rhLowerLimitTenths);
  v.setInt8(23, info.rhCalibrationTenths);
  return appendElitechChecksum(frame);
}
