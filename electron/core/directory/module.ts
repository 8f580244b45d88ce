import { defineModule } from '../feature-module';
import * as m006 from './migrations/006-user-time-preferences';
import { directoryProjections } from './projection';

/** The organization's directory (locations, users, settings): projected here, changed by other features' handlers. */
export const directoryModule = defineModule({
  name: 'directory',
  handlers: {},
  migrations: { '006-user-time-preferences': m006 },
  projections: (store) => directoryProjections(store),
});
