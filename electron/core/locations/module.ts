import { defineModule } from '../feature-module';
import { locationHandlers } from './handlers';

export const locationsModule = defineModule({ name: 'locations', handlers: locationHandlers });
