import { defineModule } from '../feature-module';
import { setupHandlers } from './handlers';

export const setupModule = defineModule({ name: 'setup', handlers: setupHandlers });
