import { defineModule } from '../feature-module';
import { startAlerts } from './alerts-service';
import { alertsProjection } from './alerts-projection';
import { alertHandlers } from './handlers';

/**
 * Alerts (ops document → alerts table; the table comes with HACCP's migration 007). Other features
 * raise theirs with raiseAlert (alerts.ts); the checks run while the engine's timers do.
 */
export const alertsModule = defineModule({
  name: 'alerts',
  handlers: alertHandlers,
  projections: (store) => [alertsProjection(store)],
  service: {
    options: ({ timers }) => (timers ? {} : null),
    create: ({ context }) => startAlerts(context),
  },
});
