import { useApiQuery } from '../bridge/use-api-query';
import { useEventReload } from '../bridge/use-event-reload';

/**
 * Every sensor with its last reading: fetched again when readings are stored, a sensor goes
 * offline or comes back, a device is plugged or unplugged, or a sensor is renamed or calibrated.
 */
export function useSensors(enabled = true) {
  const sensors = useApiQuery('sensors.list', {}, { enabled, refreshOn: ['sensors', 'calibrations'] });
  useEventReload(['readings.stored', 'sensors.online', 'devices.changed'], sensors.reload, { minGapMs: 1000 });
  return sensors;
}
