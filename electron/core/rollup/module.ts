import { defineModule } from '../feature-module';
import { rollupHandlers } from './handlers';

/** The regional roll-up: every location the caller is granted, side by side (reads only). */
export const rollupModule = defineModule({
  name: 'rollup',
  handlers: rollupHandlers,
});
