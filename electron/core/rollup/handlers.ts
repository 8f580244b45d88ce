import type { HandlerMap } from '../handler';
import { visibleLocations } from '../sensors/sensor-views';
import { rollup } from './rollup';

export const rollupHandlers: HandlerMap<'rollup.locations'> = {
  'rollup.locations'(_input, call) {
    return rollup(call.ctx, visibleLocations(call));
  },
};
