import { defineModule } from '../feature-module';
import { coolingFactKind } from './cooling-projection';
import { coolingHandlers } from './handlers';

/** Cooling and reheating logs (log documents); their table comes with the checklists' migration 008. */
export const coolingModule = defineModule({
  name: 'cooling',
  handlers: coolingHandlers,
  factKinds: (store) => [coolingFactKind(store)],
});
