import { defineModule } from '../feature-module';
import { accountHandlers } from './handlers';

export const accountModule = defineModule({ name: 'account', handlers: accountHandlers });
