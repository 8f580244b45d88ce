import type { EngineContext } from '../context';

/** The device switches of this PC (never synced), as stored; see settings.get for what is in force. */
export interface DeviceSwitches {
  demoMode: boolean;
  autoDownloadLoggers: boolean;
  restartLoggersAfterDownload: boolean;
}

export function storedDeviceSwitches(ctx: EngineContext): DeviceSwitches {
  return {
    demoMode: ctx.deviceSettings.get('demoMode', false),
    autoDownloadLoggers: ctx.deviceSettings.get('autoDownloadLoggers', true),
    restartLoggersAfterDownload: ctx.deviceSettings.get('restartLoggersAfterDownload', false),
  };
}
