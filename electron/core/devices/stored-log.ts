import type { LoggerFamily } from '../../../domain/contract/devices';
import type { ElitechDownload } from './elitech-driver';
import type { ElUsbDownload } from './elusb-driver';

/**
 * A logger's whole stored log, as every logger family's download ends: what is stored (through
 * storeLoggerDownload) and what the device manager reports. The family's own details stay in its
 * driver.
 */
export interface StoredLog {
  family: LoggerFamily;
  /** "RC-4", "EL-USB-2"; null when the logger does not say. */
  model: string | null;
  /** Calibration and readings are keyed by it. */
  serialNumber: string;
  intervalS: number;
  readings: StoredLogReading[];
}

export interface StoredLogReading {
  atMs: number;
  tempCentiC: number;
  /** Hundredths of %RH, from loggers that record it. */
  rhCentiPct?: number;
}

export function elitechStoredLog(download: ElitechDownload): StoredLog {
  const { serialNumber, intervalS, readings } = download;
  return { family: 'elitech', model: download.deviceInfo.model, serialNumber, intervalS, readings };
}

export function elUsbStoredLog(download: ElUsbDownload): StoredLog {
  const { model, serialNumber, intervalS, readings } = download;
  return { family: 'elusb', model, serialNumber, intervalS, readings };
}
