import { OpsFlowError } from '../../../domain/errors';

/** Refusals raised from more than one place in the devices code, each sentence written here once. */

export function deviceGone(deviceId: string): OpsFlowError {
  return new OpsFlowError('NOT_FOUND', 'That device is no longer connected. Plug it in again.', { deviceId });
}

export function deviceStillIdentifying(deviceId: string): OpsFlowError {
  return new OpsFlowError('CONFLICT', 'OpsFlow is still recognising that device. Try again in a moment.', { deviceId });
}

export function notWatchingDevices(): OpsFlowError {
  return new OpsFlowError('CONFLICT', 'OpsFlow is not watching devices right now. Restart it and try again.');
}
