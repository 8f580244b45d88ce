import { defineModule } from '../feature-module';
import { correctiveFactKinds } from './corrective-projection';
import { correctiveHandlers } from './handlers';
import * as m013 from './migrations/013-haccp-corrective-actions';

/** Corrective actions for excursions, their amendments and sign-offs (facts in the log documents). */
export const correctiveModule = defineModule({
  name: 'corrective',
  handlers: correctiveHandlers,
  factKinds: (store) => correctiveFactKinds(store),
  migrations: { '013-haccp-corrective-actions': m013 },
});
