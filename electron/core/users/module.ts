import { defineModule } from '../feature-module';
import { userHandlers } from './handlers';

export const usersModule = defineModule({ name: 'users', handlers: userHandlers });
