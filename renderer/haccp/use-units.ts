import { useApiQuery } from '../bridge/use-api-query';

/** The monitored units the caller may see, fetched again when units or sensors change. */
export function useUnits(enabled = true) {
  return useApiQuery('haccp.listUnits', {}, { enabled, refreshOn: ['haccpUnits', 'sensors'] });
}
