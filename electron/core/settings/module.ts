import { defineModule } from '../feature-module';
import { settingsHandlers } from './handlers';

export const settingsModule = defineModule({ name: 'settings', handlers: settingsHandlers });
