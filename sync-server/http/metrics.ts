import { Counter, Gauge, Histogram, Registry } from 'prom-client';

export type RefusalReason = 'read_only' | 'too_large' | 'log_rewrite' | 'unreadable' | 'awareness_not_own' | 'directory_invalid';

/** The hub's Prometheus metrics, in a registry of its own so two hubs in one process stay apart. */
export function createHubMetrics() {
  const registry = new Registry();
  return {
    registry,
    connections: new Gauge({ name: 'opsflow_hub_connections', help: 'Open WebSocket sync connections.', registers: [registry] }),
    documentsLoaded: new Gauge({ name: 'opsflow_hub_documents_loaded', help: 'Documents held in memory.', registers: [registry] }),
    updatesIn: new Counter({ name: 'opsflow_hub_updates_in_total', help: 'Document updates received and stored.', registers: [registry] }),
    updatesOut: new Counter({ name: 'opsflow_hub_updates_out_total', help: 'Document updates relayed to connections.', registers: [registry] }),
    refused: new Counter({
      name: 'opsflow_hub_updates_refused_total',
      help: 'Document updates dropped or refused, by reason.',
      labelNames: ['reason'],
      registers: [registry],
    }),
    connectionsRefused: new Counter({
      name: 'opsflow_hub_connections_refused_total',
      help: 'WebSocket upgrades refused, by HTTP status.',
      labelNames: ['status'],
      registers: [registry],
    }),
    persistSeconds: new Histogram({
      name: 'opsflow_hub_persist_seconds',
      help: 'Time to store one update before relaying it.',
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
  };
}

export type HubMetrics = ReturnType<typeof createHubMetrics>;
