import { defineModule } from '../feature-module';
import { haccpHandlers } from './handlers';
import * as m007 from './migrations/007-haccp-units-alerts';
import { unitsProjection } from './units-projection';

/**
 * HACCP: monitored units and their limits (ops document → haccp_units), the verdict of every reading
 * (haccp-judge.ts, in the readings seam), out-of-range runs (excursion-runs.ts, followed by the
 * readings projection) and the excursions read from them.
 */
export const haccpModule = defineModule({
  name: 'haccp',
  handlers: haccpHandlers,
  projections: (store) => [unitsProjection(store)],
  migrations: { '007-haccp-units-alerts': m007 },
});
