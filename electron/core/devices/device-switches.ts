import type { StationSettings } from '../station/station-settings';

/** The device switches of this PC (never synced), as stored; see settings.get for what is in force. */
export interface DeviceSwitches {
  demoMode: boolean;
  autoDownloadLoggers: boolean;
  restartLoggersAfterDownload: boolean;
}

export function storedDeviceSwitches(settings: StationSettings): DeviceSwitches {
  return {
    demoMode: settings.get('demoMode', false),
    autoDownloadLoggers: settings.get('autoDownloadLoggers', true),
    restartLoggersAfterDownload: settings.get('restartLoggersAfterDownload', false),
  };
}

/** What the device manager does with a logger under these switches. */
export function loggerHandling(switches: DeviceSwitches) {
  // Restarting erases the logger, so it is also when its clock is set to the location's time.
  const restart = switches.restartLoggersAfterDownload;
  return { autoDownload: switches.autoDownloadLoggers, afterDownload: { restartLogging: restart, setClock: restart } };
}
