import { defineModule } from '../feature-module';
import { taskHandlers } from './handlers';
import * as m010 from './migrations/010-tasks';
import { tasksProjection } from './tasks-projection';

export const tasksModule = defineModule({
  name: 'tasks',
  handlers: taskHandlers,
  projections: (store) => [tasksProjection(store)],
  migrations: { '010-tasks': m010 },
});
