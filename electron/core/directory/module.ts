import { defineModule } from '../feature-module';
import * as m004 from './migrations/004-user-time-preferences';
import { directoryProjections } from './projection';

/** The organization's directory (locations, users, settings): projected here, changed by other features' handlers. */
export const directoryModule = defineModule({
  name: 'directory',
  handlers: {},
  migrations: { '004-user-time-preferences': m004 },
  projections: (store) => directoryProjections(store),
});
