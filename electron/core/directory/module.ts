import { defineModule } from '../feature-module';
import { directoryProjections } from './projection';

/** The organization's directory (locations, users, settings): projected here, changed by other features' handlers. */
export const directoryModule = defineModule({
  name: 'directory',
  handlers: {},
  projections: (store) => directoryProjections(store),
});
