import { useApiQuery } from '../bridge/use-api-query';

/** Alerts, fetched again whenever one is raised, acknowledged, escalated or closed. */
export function useAlerts(state: 'open' | 'all', enabled = true) {
  return useApiQuery('alerts.list', { state }, { enabled, refreshOn: ['alerts'] });
}
