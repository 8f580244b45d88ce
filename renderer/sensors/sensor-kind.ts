import { isLoggerFamily } from '../../domain/contract/devices';
import type { SensorView } from '../../domain/contract/index';

/**
 * Sensors whose readings arrive in batches, not by polling: a logger's download, a file's import
 * (the sensor an import made, device family "import"). They are never "offline" and have no poll interval.
 */
export function arrivesInBatches(sensor: Pick<SensorView, 'deviceFamily'>): boolean {
  return isLoggerFamily(sensor.deviceFamily) || sensor.deviceFamily === 'import';
}
