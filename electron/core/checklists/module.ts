import { defineModule } from '../feature-module';
import { checklistFactKinds, templatesProjection } from './checklists-projection';
import { checklistHandlers } from './handlers';
import * as m008 from './migrations/008-haccp-checklists-cooling';

/** HACCP checklists: templates (ops document), completions and sign-offs (log documents). The migration also makes the cooling log's table. */
export const checklistsModule = defineModule({
  name: 'checklists',
  handlers: checklistHandlers,
  projections: (store) => [templatesProjection(store)],
  factKinds: (store) => checklistFactKinds(store),
  migrations: { '008-haccp-checklists-cooling': m008 },
});
