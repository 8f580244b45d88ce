import { useApiQuery } from '../bridge/use-api-query';

/**
 * Every sensor with its last reading: fetched again when readings are stored, a sensor goes
 * offline or comes back, is renamed or calibrated, or a device is plugged or unplugged.
 */
export function useSensors(enabled = true) {
  return useApiQuery('sensors.list', {}, { enabled, refreshOn: ['sensors', 'readings', 'devices'], refreshGapMs: 1000 });
}
