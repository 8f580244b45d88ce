import { defineModule } from '../feature-module';
import { taskHandlers } from './handlers';
import * as m010 from './migrations/010-tasks';
import * as m018 from './migrations/018-task-origins';
import { tasksProjection } from './tasks-projection';

export const tasksModule = defineModule({
  name: 'tasks',
  handlers: taskHandlers,
  projections: (store) => [tasksProjection(store)],
  migrations: { '010-tasks': m010, '018-task-origins': m018 },
});
